//! Broken rule files: each gives a located message and exit 2.
//!
//! Every file in tests/rules/broken/ is a rule file with one mistake; its
//! rendered diagnostics are snapshotted. Adding a case is dropping in a file.

use crate::common::crosswire;

#[test]
fn every_broken_rule_file_is_reported_with_a_location() {
    insta::glob!("rules/broken/*.yaml", |path| {
        let path = path.to_string_lossy().into_owned();
        let relative = path
            .split_once("tests/rules/broken/")
            .map(|(_, name)| format!("tests/rules/broken/{name}"))
            .unwrap_or(path.clone());
        let run = crosswire(&["check", "--rules", &relative, "fixtures/korea-cmc-2023-04/"]);
        assert_eq!(run.code, 2, "{relative}: {}", run.stderr);
        assert!(run.stderr.contains(&relative), "{relative}: {}", run.stderr);
        insta::assert_snapshot!(run.stderr);
    });
}
