//! `crosswire quotes` on the seed story: the drift editors must see, the
//! quotes both outlets give alike, excerpts, unique quotes, and speakers.

use crate::common::{crosswire, json};

const SEED: &str = "fixtures/korea-cmc-2023-04/";

fn seed_json() -> (i32, serde_json::Value) {
    let run = crosswire(&["quotes", "--format", "json", SEED]);
    assert_eq!(run.stderr, "");
    (run.code, json(&run))
}

/// The quotes of `source` whose text contains `words`.
fn quotes_with<'a>(
    report: &'a serde_json::Value,
    source: &str,
    words: &str,
) -> Vec<&'a serde_json::Value> {
    report["quotes"]
        .as_array()
        .expect("quotes array")
        .iter()
        .filter(|q| q["source"] == source && q["text"].as_str().unwrap_or("").contains(words))
        .collect()
}

fn only<'a>(report: &'a serde_json::Value, source: &str, words: &str) -> &'a serde_json::Value {
    let found = quotes_with(report, source, words);
    assert_eq!(found.len(), 1, "{source} `{words}`: {found:#?}");
    found[0]
}

#[test]
fn the_kcna_line_is_the_one_drift_with_state_media_on_both_sides() {
    let (code, report) = seed_json();
    assert_eq!(code, 1);
    let findings = report["findings"].as_array().expect("findings");
    assert_eq!(findings.len(), 1, "{findings:#?}");
    let f = &findings[0];
    assert_eq!(f["kind"], "wording");
    assert_eq!(f["severity"], "warning");
    let values = f["values"].as_array().expect("values");
    let dw = values
        .iter()
        .find(|v| v["source"] == "dw")
        .expect("dw value");
    let ap = values
        .iter()
        .find(|v| v["source"] == "ap")
        .expect("ap value");
    assert_eq!(
        dw["text"],
        "the escalating moves of the US imperialists and the South Korean puppet traitors to unleash a war of aggression"
    );
    assert_eq!(
        ap["text"],
        "in which the U.S. imperialists and the (South) Korean puppet traitors are getting ever more undisguised in their moves for a war of aggression"
    );
    assert_eq!(dw["speaker"], "North Korea's state media");
    assert_eq!(dw["cue"], "according-to");
    assert_eq!(ap["speaker"], "KCNA");
    assert_eq!(ap["cue"], "said-before");
    for v in [dw, ap] {
        assert!(v["line"].as_u64().unwrap() > 0 && v["column"].as_u64().unwrap() > 0);
    }
    assert_eq!(
        (dw["line"].as_u64(), dw["column"].as_u64()),
        (Some(17), Some(129))
    );
    assert_eq!(
        (ap["line"].as_u64(), ap["column"].as_u64()),
        (Some(13), Some(108))
    );
    assert!(!f["diffs"].as_array().expect("diffs").is_empty());
    for source in ["dw", "ap"] {
        assert_eq!(only(&report, source, "puppet traitors")["class"], "drift");
    }
}

#[test]
fn shared_quotes_are_identical_despite_the_stray_space() {
    let (_, report) = seed_json();
    for words in [
        "practical and offensive",
        "unilateral and irresponsible attitude",
    ] {
        let dw = only(&report, "dw", words);
        let ap = quotes_with(&report, "ap", words)
            .into_iter()
            .find(|q| q["text"] == words)
            .expect("ap quote");
        assert_eq!(dw["text"], words);
        assert_eq!(dw["class"], "identical", "{words}");
        assert_eq!(ap["class"], "identical", "{words}");
        assert_eq!(dw["group"], ap["group"], "{words}");
    }
}

#[test]
fn the_longer_ap_quote_is_an_excerpt_relation_not_a_drift() {
    let (_, report) = seed_json();
    let long = only(&report, "ap", "increasing speed");
    assert_eq!(
        long["text"],
        "increasing speed on a more practical and offensive"
    );
    assert_eq!(long["class"], "excerpt");
    let dw = only(&report, "dw", "practical and offensive");
    // A second quote of AP's: attached to the group, not a member of it, so
    // a group holds one quote per source.
    assert_eq!(long["attached_to"], dw["group"]);
    assert!(long.get("group").is_none());
}

#[test]
fn one_outlet_quotes_are_unique() {
    let (_, report) = seed_json();
    assert_eq!(only(&report, "ap", "strong regret")["class"], "unique");
    assert_eq!(only(&report, "dw", "necessary steps")["class"], "unique");
}

#[test]
fn practical_and_offensive_is_kim_jong_un_in_both() {
    let (_, report) = seed_json();
    for source in ["dw", "ap"] {
        let q = quotes_with(&report, source, "practical and offensive")
            .into_iter()
            .find(|q| q["text"] == "practical and offensive")
            .expect("quote");
        assert_eq!(q["speaker"], "Kim Jong Un", "{source}");
    }
}

#[test]
fn min_words_and_fail_on_behave_like_check() {
    // Scare quotes are listed but short, and never aligned.
    let (_, report) = seed_json();
    assert_eq!(only(&report, "dw", "frantic")["class"], "short");
    // With --min-words 30 nothing aligns: no drift, exit 0.
    let run = crosswire(&["quotes", "--min-words", "30", "--format", "json", SEED]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(json(&run)["findings"].as_array().unwrap().is_empty());
    // A drift is a warning: --fail-on error passes.
    let run = crosswire(&["quotes", "--fail-on", "error", SEED]);
    assert_eq!(run.code, 0);
    // Usage and input errors exit 2.
    assert_eq!(crosswire(&["quotes", "--min-words", "0", SEED]).code, 2);
    let run = crosswire(&["quotes", "fixtures/no-such-folder"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
}

#[test]
fn quotes_from_stdin() {
    let text = "Kim said: \"We will strengthen our war deterrence.\"\n";
    let run = crate::common::crosswire_with_stdin(&["quotes", "--format", "json", "-"], Some(text));
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report = json(&run);
    assert_eq!(report["quotes"][0]["speaker"], "Kim");
    assert_eq!(report["quotes"][0]["class"], "unique");
}

#[test]
fn seed_text() {
    let run = crosswire(&["quotes", SEED]);
    assert_eq!(run.stderr, "");
    insta::assert_snapshot!(format!("exit: {}\n{}", run.code, run.stdout));
}

#[test]
fn seed_json_snapshot() {
    let run = crosswire(&["quotes", "--format", "json", SEED]);
    insta::assert_snapshot!(run.stdout);
}

/// Real-copy attribution forms and quote marks, two outlets.
const FLOOD: &str = "fixtures/quotes/flood-real-copy/";

#[test]
fn real_copy_forms_attribute_group_and_print_cleanly() {
    let run = crosswire(&["quotes", "--format", "json", FLOOD]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report = json(&run);
    let speaker = |source: &str, words: &str| only(&report, source, words)["speaker"].clone();
    assert_eq!(speaker("herald", "moved like a boat"), "Marta");
    assert_eq!(speaker("courier", "moved like a boat"), "Marta");
    assert_eq!(speaker("herald", "lost everything"), "one woman");
    assert_eq!(speaker("herald", "rebuild the school"), "Ion Pop");
    assert_eq!(speaker("courier", "rebuild the school"), "Ion Pop");
    assert_eq!(speaker("herald", "park ranger"), "Budi S. Harahap");
    assert_eq!(speaker("courier", "bridge at West Ridge"), "Andre T. Mason");
    // '' and `` quotes align as identical.
    assert_eq!(
        only(&report, "herald", "rebuild the school")["class"],
        "identical"
    );
    // A quote across a line break is one line.
    assert_eq!(
        only(&report, "herald", "water came through")["text"],
        "The water came through the walls and took the whole kitchen"
    );
    // "West Ridge" pulls neither long quote into a group.
    for words in ["We drove out", "The bridge at"] {
        assert_eq!(
            only(&report, "courier", words)["class"],
            "unique",
            "{words}"
        );
    }
    // "no park" of "no park ranger": a truncated excerpt, a warning.
    let findings = report["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert_eq!(findings[0]["severity"], "warning");
    assert!(findings[0]["message"]
        .as_str()
        .unwrap()
        .contains("words dropped"));
    // At most one quote per source per group.
    let mut seen = std::collections::BTreeSet::new();
    for q in report["quotes"].as_array().unwrap() {
        if let Some(g) = q["group"].as_u64() {
            assert!(seen.insert((q["source"].to_string(), g)), "{q}");
        }
    }
    let text = crosswire(&["quotes", FLOOD]).stdout;
    assert!(!text.contains('\u{FFFD}'), "{text}");
    assert!(text.contains("the walls and took"), "{text}");
}

/// Speakers written with a dotted title, and two outlets giving one quote to
/// two different people named by surname only.
const DOTTED_TITLES: &str = "fixtures/quotes/dotted-titles/";

#[test]
fn a_title_with_its_period_is_not_the_speaker() {
    let run = crosswire(&["quotes", "--format", "json", DOTTED_TITLES]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report = json(&run);
    let speaker = |source: &str, words: &str| only(&report, source, words)["speaker"].clone();
    assert_eq!(speaker("wire", "exactly what happened"), "Amina Yusuf");
    assert_eq!(speaker("local", "exactly what happened"), "Amina Yusuf");
    assert_eq!(speaker("wire", "every seat taken"), "Elias Varga");
    assert_eq!(speaker("local", "every seat taken"), "Elias Varga");
    assert_eq!(speaker("wire", "inquiry ends"), "Brennan");
    assert_eq!(speaker("local", "inquiry ends"), "Yusuf");
    let findings = report["findings"].as_array().expect("findings");
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert_eq!(findings[0]["kind"], "conflict");
    assert_eq!(
        findings[0]["message"],
        "local and wire give the same words to different speakers"
    );
}

/// Three outlets: two give one person's words alike but for one word, and a
/// third gives the same words as one of them to someone else.
const THREE_OUTLETS: &str = "fixtures/quotes/three-outlets/";

#[test]
fn the_same_words_given_to_another_speaker_are_found_beside_a_rewording() {
    let run = crosswire(&["quotes", "--format", "json", THREE_OUTLETS]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report = json(&run);
    let findings = report["findings"].as_array().expect("findings");
    let summary: Vec<String> = findings
        .iter()
        .map(|f| {
            format!(
                "{} {}",
                f["kind"].as_str().unwrap(),
                f["message"].as_str().unwrap()
            )
        })
        .collect();
    // local and radio quote Yusuf, one word apart: a drift; wire gives
    // local's very words to Brennan: a conflict.
    assert!(
        summary
            .iter()
            .any(|f| f == "conflict local and wire give the same words to different speakers"),
        "{summary:#?}"
    );
    assert!(
        summary.iter().any(|f| f.starts_with("wording ")),
        "{summary:#?}"
    );
    assert_eq!(findings.len(), 2, "{summary:#?}");
}

/// Outlets naming a speaker after a role: one by surname alone, one after
/// an organisation and a role ("said UN envoy Halvorsen") or an office and
/// its department ("said U.S. Secretary of State Marco Rubio"), one after a
/// determiner, an organisation, a role and a comma ("said the UN envoy,
/// Ingrid Halvorsen").
const ROLE_BEFORE_NAME: &str = "fixtures/quotes/role-before-name/";

#[test]
fn the_role_before_a_name_is_not_the_speaker() {
    let run = crosswire(&["quotes", "--format", "json", ROLE_BEFORE_NAME]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report = json(&run);
    let speaker = |source: &str, words: &str| only(&report, source, words)["speaker"].clone();
    assert_eq!(speaker("local", "first real step"), "Halvorsen");
    assert_eq!(speaker("radio", "first real step"), "Ingrid Halvorsen");
    assert_eq!(
        only(&report, "radio", "first real step")["class"],
        "identical"
    );
    assert_eq!(speaker("local", "rebuild the bridge"), "Marco Rubio");
    assert_eq!(speaker("wire", "rebuild the bridge"), "Rubio");
    // The same words from the same person: no conflict; the one finding is
    // Rubio's reworded quote, said by one speaker.
    let findings = report["findings"].as_array().expect("findings");
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert_eq!(findings[0]["kind"], "wording");
    assert_eq!(
        findings[0]["message"],
        "local and wire quote Marco Rubio differently"
    );
    assert!(
        !findings[0]["reason"]
            .as_str()
            .unwrap_or("")
            .contains("speakers differ"),
        "{findings:#?}"
    );
}
