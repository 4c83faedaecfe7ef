//! The `crosswire` binary: a thin layer over the `crosswire` library.

#![allow(clippy::print_stdout, clippy::print_stderr)]

mod cli;

/// jemalloc rather than the system allocator: glibc's grows and trims each
/// worker thread's heap around every source (an `mprotect` call and fresh
/// zeroed pages each time), and a check of 10,000 sources takes about 15%
/// less CPU with jemalloc (docs/performance.md, "Allocator"). The library
/// leaves the choice to whoever links it.
#[cfg(all(unix, not(target_os = "openbsd")))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() -> std::process::ExitCode {
    cli::main()
}
