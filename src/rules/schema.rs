//! The JSON Schema of the rule format, generated from the serde types in
//! [`super::model`], so the schema cannot drift from what the loader accepts.
//!
//! docs/rules.schema.json is this output, committed; a test compares the two
//! byte for byte, so a change to the model that is not reflected in the file
//! fails `cargo test` (and CI). Editors read it through the
//! `# yaml-language-server: $schema=../docs/rules.schema.json` first line of a
//! rule file.
//!
//! Draft-07 is used because it is the draft yaml-language-server (VS Code's
//! YAML extension, Neovim's yamlls) validates best.

use schemars::generate::SchemaSettings;

use super::model::StoryFile;

/// Where the committed schema lives, relative to the repository root.
pub const SCHEMA_PATH: &str = "docs/rules.schema.json";

/// The rule file schema as pretty-printed JSON, ending with a newline.
pub fn rule_schema() -> String {
    let schema = SchemaSettings::draft07()
        .into_generator()
        .into_root_schema_for::<StoryFile>();
    match serde_json::to_string_pretty(&schema) {
        Ok(mut s) => {
            s.push('\n');
            s
        }
        // Serializing a JSON value cannot fail; say so rather than panic if it does.
        Err(e) => format!("{}\n", serde_json::json!({"error": e.to_string()})),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn the_schema_describes_every_key_and_rejects_unknown_ones() {
        let schema: serde_json::Value = serde_json::from_str(&rule_schema()).unwrap();
        assert_eq!(schema["title"], "crosswire rule file");
        let story_keys: Vec<&String> = schema["properties"].as_object().unwrap().keys().collect();
        for key in super::super::model::STORY_KEYS {
            assert!(story_keys.iter().any(|k| k == key), "story key {key}");
        }
        assert_eq!(schema["additionalProperties"], false);
        let slot = &schema["definitions"]["SlotSpec"];
        for key in super::super::model::SLOT_KEYS {
            assert!(slot["properties"].get(key).is_some(), "slot key {key}");
        }
        assert_eq!(slot["additionalProperties"], false);
        let text = rule_schema();
        for kind in
            crate::kinds::Kind::all().filter(|k| !crate::kinds::registry::is_test_only(k.def()))
        {
            assert!(
                text.contains(&format!("\"{}\"", kind.as_str())),
                "kind {kind}"
            );
        }
    }
}
