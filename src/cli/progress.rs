//! A progress indicator on standard error for long runs: a spinner with the
//! elapsed time, shown only when standard error is a terminal, `CI` is unset
//! and `TERM` is not `dumb`, and only once the run has taken longer than a
//! moment; it is cleared before the report is printed. Never in CI logs or
//! when standard error is piped.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How long a run goes before the spinner appears.
const DELAY: Duration = Duration::from_millis(400);

/// A spinner that appears after [`DELAY`], if the environment allows one.
pub struct Progress {
    bar: Option<ProgressBar>,
}

/// Whether this environment may show progress.
pub fn allowed(stderr_is_terminal: bool, ci: bool, term: Option<&str>) -> bool {
    stderr_is_terminal && !ci && term != Some("dumb")
}

impl Progress {
    /// Start counting; `what` says what the run is doing ("checking 3 paths").
    pub fn start(what: String) -> Progress {
        let term = std::env::var("TERM").ok();
        if !allowed(
            std::io::stderr().is_terminal(),
            std::env::var_os("CI").is_some(),
            term.as_deref(),
        ) {
            return Progress { bar: None };
        }
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        if let Ok(style) = ProgressStyle::with_template("{spinner} {msg} ({elapsed})") {
            bar.set_style(style);
        }
        bar.set_message(what);
        let shown = bar.clone();
        // Short runs finish before the delay and never draw anything.
        std::thread::spawn(move || {
            std::thread::sleep(DELAY);
            if !shown.is_finished() {
                shown.set_draw_target(ProgressDrawTarget::stderr());
                shown.enable_steady_tick(Duration::from_millis(120));
            }
        });
        Progress { bar: Some(bar) }
    }

    /// Clear the spinner (before printing the report).
    pub fn finish(self) {
        if let Some(bar) = self.bar {
            bar.finish_and_clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_on_a_terminal_outside_ci() {
        assert!(allowed(true, false, Some("xterm")));
        assert!(!allowed(false, false, Some("xterm")), "piped");
        assert!(!allowed(true, true, Some("xterm")), "CI");
        assert!(!allowed(true, false, Some("dumb")));
    }
}
