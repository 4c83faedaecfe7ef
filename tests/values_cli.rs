//! Values as copy writes them, through the binary: what a pattern cannot read whole
//! is a located warning, never a truncated value.

use crate::common::crosswire_with_stdin;

#[test]
fn a_figure_the_pattern_cuts_short_is_a_located_warning() {
    let run = crosswire_with_stdin(
        &["check", "--rules", "tests/values/cut-short.yaml", "-"],
        Some("Police found the three and a half year old at dawn.\n"),
    );
    assert!(
        run.stderr
            .contains("the pattern takes `three` out of `three and a half`"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("<stdin>:1:"), "{}", run.stderr);
    // No value: the slot is empty rather than a wrong 3.
    assert!(!run.stdout.contains("age     number  3"), "{}", run.stdout);
}
