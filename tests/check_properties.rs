//! Property tests of the whole check: for generated multi-source,
//! multi-story inputs, the report does not depend on the order the sources
//! are given in nor on the number of threads. (Comparator symmetry and
//! per-slot order invariance are in src/compare/properties.rs.)

use std::path::PathBuf;
use std::sync::OnceLock;

use crosswire::source::{Input, LoadOptions, Source};
use crosswire::{Checker, RuleSet};
use proptest::prelude::*;

use crate::generated::{canonical, source_text, RULES};

fn rules() -> RuleSet {
    let stories = RULES
        .iter()
        .map(|(file, text)| crosswire::rules::parse_story(text, file).expect("the rules load"))
        .collect();
    RuleSet { stories }
}

/// A checker with `jobs` threads (1 to 6), built once: compiling the rules
/// is most of a case's time in an unoptimized build.
fn checker(jobs: usize) -> &'static Checker {
    static CHECKERS: OnceLock<Vec<Checker>> = OnceLock::new();
    let all = CHECKERS.get_or_init(|| (1..=6).map(|j| Checker::new(rules()).jobs(j)).collect());
    &all[jobs - 1]
}

/// One source per spec: (story, picks), named by its position in `specs`.
fn inputs(specs: &[(usize, [usize; 5])], order: &[usize]) -> Vec<Input> {
    let options = LoadOptions::default();
    order
        .iter()
        .map(|&i| {
            let (story, picks) = specs[i];
            let name = format!("outlet-{i:02}");
            Input::Loaded(Source::from_text(
                Some(name.clone()),
                Some(PathBuf::from(format!("gen/{name}.txt"))),
                source_text(story, i, picks),
                &options,
            ))
        })
        .collect()
}

/// The JSON report of a check of `specs` in `order` with `jobs` threads.
fn report(specs: &[(usize, [usize; 5])], order: &[usize], jobs: usize) -> serde_json::Value {
    let report = checker(jobs).check(inputs(specs, order));
    serde_json::from_str(&crosswire::report::json::render(&report)).expect("valid JSON")
}

fn spec() -> impl Strategy<Value = (usize, [usize; 5])> {
    (0..2usize, prop::array::uniform5(0..4usize))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]

    #[test]
    fn findings_do_not_depend_on_source_order(
        specs in prop::collection::vec(spec(), 2..9),
        keys in prop::collection::vec(any::<u32>(), 9),
    ) {
        let given: Vec<usize> = (0..specs.len()).collect();
        let mut shuffled = given.clone();
        shuffled.sort_by_key(|&i| (keys[i], i));
        let a = report(&specs, &given, 1);
        let b = report(&specs, &shuffled, 1);
        // Lists of sources follow the order given; all else must not.
        let (a, b) = (canonical(a), canonical(b));
        for key in ["findings", "slots", "diagnostics", "summary", "sources"] {
            prop_assert_eq!(&a[key], &b[key], "`{}` differs for order {:?}", key, shuffled);
        }
    }

    #[test]
    fn the_report_does_not_depend_on_thread_count(
        specs in prop::collection::vec(spec(), 2..9),
        jobs in 2..6usize,
    ) {
        let order: Vec<usize> = (0..specs.len()).collect();
        prop_assert_eq!(report(&specs, &order, 1), report(&specs, &order, jobs));
    }
}

/// The generated sources give the values the generator meant, so that the
/// properties above are about real findings and not empty reports.
#[test]
fn generated_sources_fill_every_slot() {
    let specs = [
        (0, [3, 3, 3, 2, 1]),
        (0, [0, 0, 0, 0, 0]),
        (1, [2, 3, 3, 0, 0]),
        (1, [0, 0, 0, 0, 0]),
    ];
    let order: Vec<usize> = (0..specs.len()).collect();
    let r = report(&specs, &order, 1);
    let rows = r["slots"].as_array().unwrap();
    let row = |slot: &str| {
        rows.iter()
            .find(|row| row["slot"] == slot)
            .unwrap_or_else(|| panic!("no row for {slot}: {rows:#?}"))
    };
    for slot in [
        "deaths",
        "chief",
        "started",
        "chief-quote",
        "area",
        "rate",
        "governor",
        "effective",
    ] {
        let values = row(slot)["values"].as_array().unwrap();
        assert_eq!(values.len(), 2, "{slot}: {values:#?}");
    }
    let findings: Vec<String> = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{} {}",
                f["slot"].as_str().unwrap(),
                f["kind"].as_str().unwrap()
            )
        })
        .collect();
    assert!(
        findings.contains(&"deaths conflict".to_string()),
        "{findings:?}"
    );
    assert!(
        findings.contains(&"rate conflict".to_string()),
        "{findings:?}"
    );
}
