//! The `crosswire` binary: a thin layer over the `crosswire` library.

#![allow(clippy::print_stdout, clippy::print_stderr)]

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
