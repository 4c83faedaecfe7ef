//! Loading rule files: the files a command names ([`super::files`]), each read
//! from YAML to [`StoryFile`] (pass 1; its errors in crosswire's words come
//! from `yaml_errors`), then checked and compiled to a [`Story`] (pass 2,
//! `compile`). Every problem becomes a located [`Diagnostic`]; a file with
//! errors yields no story.

use std::path::PathBuf;

use super::files::{read_rule_file, rule_files};
use super::locate::Locator;
use super::model::StoryFile;
use super::{RuleSet, Story};
use crate::error::{Diagnostic, ErrorKind, Level};

/// Load rule files and folders into a rule set; files with errors are left
/// out, and every problem is returned as a diagnostic.
pub fn load_paths(paths: &[PathBuf]) -> (RuleSet, Vec<Diagnostic>) {
    let (files, mut diagnostics) = rule_files(paths);
    if files.is_empty() && !diagnostics.iter().any(|d| d.level == Level::Error) {
        let shown: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        diagnostics.push(Diagnostic::error(
            ErrorKind::Input,
            format!("no rule files (*.yaml) in {}", shown.join(", ")),
        ));
    }
    let mut stories: Vec<Story> = Vec::new();
    for file in files {
        let shown = file.display().to_string();
        let text = match read_rule_file(&file) {
            Ok(text) => text,
            Err(message) => {
                diagnostics.push(Diagnostic::error(ErrorKind::Input, message).in_file(shown));
                continue;
            }
        };
        match parse_story(&text, &shown) {
            Ok(mut story) => {
                diagnostics.append(&mut story.warnings);
                if let Some(first) = stories.iter().find(|s| s.id == story.id) {
                    let spot = Locator::new(&text).top_key("story");
                    let mut d = Diagnostic::error(
                        ErrorKind::Duplicate,
                        format!("duplicate story id `{}`", story.id),
                    )
                    .in_file(shown)
                    .with_help(format!(
                        "`{}` is already defined in {}",
                        story.id, first.path
                    ));
                    if let Some(s) = spot {
                        d = d.at(&text, s.line, s.column, s.width);
                    }
                    diagnostics.push(d);
                } else {
                    stories.push(story);
                }
            }
            Err(mut errors) => diagnostics.append(&mut errors),
        }
    }
    (RuleSet { stories }, diagnostics)
}

/// Parse and compile one rule file's text. `path` is only used in messages.
pub fn parse_story(text: &str, path: &str) -> Result<Story, Vec<Diagnostic>> {
    if text.trim().is_empty()
        || text
            .lines()
            .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
    {
        return Err(vec![Diagnostic::error(
            ErrorKind::Schema,
            "rule file is empty",
        )
        .in_file(path)
        .with_help(
            "a rule file needs `story:` and `slots:`; see docs/rules.md",
        )]);
    }
    super::limits::check(text, path).map_err(|e| vec![*e])?;
    let file: StoryFile = match serde_yaml::from_str(text) {
        Ok(file) => file,
        Err(error) => return Err(super::yaml_errors::schema_errors(text, path, &error)),
    };
    if file.slots.len() > super::limits::MAX_SLOTS {
        let locator = Locator::new(text);
        let mut error = Diagnostic::error(
            ErrorKind::Schema,
            format!(
                "{} slots; a rule file may have at most {}",
                file.slots.len(),
                super::limits::MAX_SLOTS
            ),
        )
        .in_file(path)
        .with_help("split the story's slots over several stories");
        if let Some(spot) = locator.top_key("slots") {
            error = error.at(text, spot.line, spot.column, spot.width);
        }
        return Err(vec![error]);
    }
    super::compile::compile_story(text, path, file)
}

/// The errors of a rule file's text (none when it loads), for the rules tests.
#[cfg(test)]
pub(super) fn errors(yaml: &str) -> Vec<Diagnostic> {
    parse_story(yaml, "r.yaml").err().unwrap_or_default()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn empty_and_multi_document_files() {
        assert_eq!(errors("# nothing\n")[0].message, "rule file is empty");
        assert!(errors("story: a\nslots: []\n---\nstory: b\nslots: []\n")[0]
            .message
            .contains("one story"));
        assert_eq!(
            errors("story: a\nslots: []\n")[0].message,
            "story has no slots"
        );
    }

    #[test]
    fn hostile_yaml_is_an_error_not_a_hang() {
        let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for (prev, name) in ["a", "b", "c", "d", "e", "f", "g", "h"]
            .iter()
            .zip(["b", "c", "d", "e", "f", "g", "h", "i"])
        {
            bomb.push_str(&format!("{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
        }
        assert!(!errors(&bomb).is_empty());
        assert!(!errors(&"[".repeat(10_000)).is_empty());
    }
}
