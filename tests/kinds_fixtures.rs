//! One case folder per kind behaviour: fixtures/kinds/<kind>/<case>/ holds a
//! `rule.yaml` and the sources; the text report is snapshotted with the exit
//! code. Adding a case is dropping in a folder.

use crate::common::crosswire;

#[test]
fn every_kind_case_folder() {
    insta::glob!("../fixtures/kinds", "*/*/rule.yaml", |rule| {
        let dir = rule.parent().expect("case folder");
        let relative = |p: &std::path::Path| {
            p.strip_prefix(env!("CARGO_MANIFEST_DIR"))
                .unwrap_or(p)
                .to_string_lossy()
                .into_owned()
        };
        let mut sources: Vec<String> = std::fs::read_dir(dir)
            .expect("case folder lists")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "txt" || e == "md"))
            .map(|p| relative(&p))
            .collect();
        sources.sort();
        let rule = relative(rule);
        let mut args = vec!["check", "--rules", rule.as_str(), "--fail-on", "info"];
        args.extend(sources.iter().map(String::as_str));
        let run = crosswire(&args);
        assert_eq!(run.stderr, "", "{rule}");
        insta::assert_snapshot!(format!("exit: {}\n{}", run.code, run.stdout));
    });
}
