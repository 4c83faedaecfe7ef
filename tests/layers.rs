//! The library's module layering: no cycles between top-level modules.
//!
//! The graph is drawn from the code itself: every `crate::x` path in
//! `src/**/*.rs` (in `use` lines, with `crate::{a, b::c}` groups, and inline
//! paths) is an edge from the file's top-level module to `x`. The binary's own
//! modules (`src/main.rs`, `src/cli/`) use the library by its crate name and
//! are not part of the graph. docs/architecture.md draws the same graph.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// module -> (module it uses -> the first place that says so).
type Graph = BTreeMap<String, BTreeMap<String, String>>;

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level modules `crate::` paths name in `text`, with their line.
fn crate_paths(text: &str) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    // Comment lines (docs included) may mention paths that are not uses.
    let code: String = text
        .lines()
        .map(|l| {
            if l.trim_start().starts_with("//") {
                ""
            } else {
                l
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    let line_of = |at: usize| code[..at].matches('\n').count() + 1;
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    for (at, _) in code.match_indices("crate::") {
        // `pub(crate)` and `$crate::` are not paths of this kind; `super::crate` does not exist.
        let before = code[..at].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let rest = &code[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            // `crate::{a, b::{c, d}, e}`: the names at depth 1 after `{` or `,`.
            let mut depth = 1;
            let mut expect = true;
            for (i, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    ',' if depth == 1 => expect = true,
                    c if c.is_whitespace() => {}
                    _ if depth == 1 && expect => {
                        let name = ident(&group[i..]);
                        if !name.is_empty() {
                            out.push((name, line_of(at)));
                        }
                        expect = false;
                    }
                    _ => {}
                }
            }
        } else {
            let name = ident(rest);
            if !name.is_empty() {
                out.push((name, line_of(at)));
            }
        }
    }
    out
}

fn module_graph() -> Graph {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let top = |path: &Path| -> Option<String> {
        let first = path.strip_prefix(&src).ok()?.components().next()?;
        let name = first.as_os_str().to_str()?;
        Some(name.strip_suffix(".rs").unwrap_or(name).to_string())
    };
    let modules: BTreeSet<String> = files
        .iter()
        .filter_map(|f| top(f))
        .filter(|m| !matches!(m.as_str(), "lib" | "main" | "cli"))
        .collect();
    let mut graph = Graph::new();
    for file in &files {
        let Some(from) = top(file) else { continue };
        if !modules.contains(&from) {
            continue;
        }
        let text = fs::read_to_string(file).unwrap();
        // Unit tests may use any module (a test loads a rule file to try a
        // kind); the layering is about the code that ships.
        let text = match text.find("\n#[cfg(test)]\n") {
            Some(at) => &text[..at],
            None => text.as_str(),
        };
        let shown = file.strip_prefix(src.parent().unwrap()).unwrap();
        let uses = graph.entry(from.clone()).or_default();
        for (to, line) in crate_paths(text) {
            if to != from && modules.contains(&to) {
                uses.entry(to)
                    .or_insert_with(|| format!("{}:{line}", shown.display()));
            }
        }
    }
    graph
}

/// Every elementary cycle found by a depth-first search, each once.
fn cycles(graph: &Graph) -> Vec<Vec<String>> {
    fn visit(
        node: &str,
        graph: &Graph,
        stack: &mut Vec<String>,
        done: &mut BTreeSet<String>,
        found: &mut Vec<Vec<String>>,
    ) {
        stack.push(node.to_string());
        for next in graph.get(node).into_iter().flat_map(|m| m.keys()) {
            if let Some(at) = stack.iter().position(|n| n == next) {
                let cycle = stack[at..].to_vec();
                let key: BTreeSet<&String> = cycle.iter().collect();
                if !found
                    .iter()
                    .any(|c| c.iter().collect::<BTreeSet<_>>() == key)
                {
                    found.push(cycle);
                }
            } else if !done.contains(next) {
                visit(next, graph, stack, done, found);
            }
        }
        stack.pop();
        done.insert(node.to_string());
    }
    let mut found = Vec::new();
    let mut done = BTreeSet::new();
    for node in graph.keys() {
        if !done.contains(node) {
            visit(node, graph, &mut Vec::new(), &mut done, &mut found);
        }
    }
    found
}

#[test]
fn the_module_graph_has_no_cycles() {
    let graph = module_graph();
    let found = cycles(&graph);
    let mut message = String::new();
    for cycle in &found {
        message.push_str("cycle:\n");
        for (i, from) in cycle.iter().enumerate() {
            let to = &cycle[(i + 1) % cycle.len()];
            message.push_str(&format!("  {from} -> {to}  ({})\n", graph[from][to]));
        }
    }
    assert!(found.is_empty(), "module cycles:\n{message}");
}

#[test]
fn the_graph_reader_sees_groups_and_inline_paths() {
    let text = "use crate::{a, b::{c, d}, e::f};\n// crate::zz\nfn x() { crate::g::h(); }\npub(crate) fn y() {}\n";
    let names: Vec<String> = crate_paths(text).into_iter().map(|(n, _)| n).collect();
    assert_eq!(names, ["a", "b", "e", "g"]);
    let mut graph = Graph::new();
    for (a, b) in [("x", "y"), ("y", "z"), ("z", "x"), ("z", "w")] {
        graph
            .entry(a.into())
            .or_default()
            .insert(b.into(), String::new());
    }
    assert_eq!(cycles(&graph), [vec!["x", "y", "z"]]);
}

#[test]
fn the_pipeline_runs_one_way() {
    // The stages of docs/architecture.md, low to high: no stage names a higher one.
    let order = [
        "text",
        "source",
        "quotation",
        "kinds",
        "pattern",
        "rules",
        "extract",
        "compare",
        "report",
    ];
    let graph = module_graph();
    let mut wrong = Vec::new();
    for (low, from) in order.iter().enumerate() {
        for high in &order[low + 1..] {
            if let Some(at) = graph.get(*from).and_then(|m| m.get(*high)) {
                wrong.push(format!("{from} -> {high} ({at})"));
            }
        }
    }
    assert!(wrong.is_empty(), "a stage uses a later one: {wrong:?}");
}

#[test]
fn docs_architecture_lists_every_use() {
    // Every edge between modules of the "Layers" table in docs/architecture.md
    // is listed in the user's "may use" column; modules not in the table
    // (a new one) are not checked until they are added.
    let doc =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/architecture.md"))
            .unwrap();
    let section = doc.split("## Layers").nth(1).unwrap();
    let section = section.split("\n## ").next().unwrap();
    let names = |cell: &str| -> Vec<String> {
        cell.split('`')
            .skip(1)
            .step_by(2)
            .map(|n| n.trim_end_matches('/').trim_end_matches(".rs").to_string())
            .collect()
    };
    let mut may_use: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for row in section.lines().filter(|l| l.starts_with("| `")) {
        let cells: Vec<&str> = row.split('|').collect();
        let (Some(module), Some(uses)) = (cells.get(1), cells.get(3)) else {
            continue;
        };
        for m in names(module) {
            may_use.insert(m, names(uses));
        }
    }
    assert!(
        may_use.len() > 15,
        "the Layers table was not found: {may_use:?}"
    );
    let graph = module_graph();
    let mut missing = Vec::new();
    for (from, uses) in &graph {
        let Some(allowed) = may_use.get(from) else {
            continue;
        };
        for (to, at) in uses {
            if may_use.contains_key(to) && !allowed.contains(to) {
                missing.push(format!("{from} -> {to} ({at})"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "docs/architecture.md, Layers: add these uses (or remove them from the code): {missing:?}"
    );
}
