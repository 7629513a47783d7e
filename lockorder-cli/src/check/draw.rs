//! `lockorder graph`: the lock graph as Graphviz dot, Mermaid or JSON,
//! with the edges on a cycle highlighted.

use super::pipeline::Analysis;
use serde_json::json;

/// `--format` of `lockorder graph`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Default)]
pub enum GraphFormat {
    /// Graphviz dot.
    #[default]
    Dot,
    /// Mermaid flowchart.
    Mermaid,
    /// JSON: nodes and edges with evidence.
    Json,
}

fn q(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

/// Renders the graph.
pub fn render(a: &Analysis, format: GraphFormat) -> String {
    let g = &a.graph;
    let mut nodes: Vec<&String> = g.classes.iter().collect();
    for (x, y) in g.edges.keys() {
        nodes.push(x);
        nodes.push(y);
    }
    nodes.sort();
    nodes.dedup();
    match format {
        GraphFormat::Dot => {
            let mut s = String::from("digraph lockorder {\n  rankdir=LR;\n  node [shape=box];\n");
            for n in &nodes {
                s.push_str(&format!("  \"{}\";\n", q(n)));
            }
            for ((x, y), ev) in &g.edges {
                let on_cycle = a.cycle_edges.contains(&(x.clone(), y.clone()));
                let style = if on_cycle {
                    ", color=red, penwidth=2"
                } else {
                    ""
                };
                s.push_str(&format!(
                    "  \"{}\" -> \"{}\" [label=\"{}:{}\"{style}];\n",
                    q(x),
                    q(y),
                    q(&ev.acquired_at.file),
                    ev.acquired_at.line
                ));
            }
            s.push_str("}\n");
            s
        }
        GraphFormat::Mermaid => {
            let id: std::collections::BTreeMap<&String, usize> =
                nodes.iter().enumerate().map(|(i, n)| (*n, i)).collect();
            let mut s = String::from("flowchart LR\n");
            for (i, n) in nodes.iter().enumerate() {
                s.push_str(&format!("  n{i}[\"{}\"]\n", n.replace('"', "#quot;")));
            }
            let mut red = Vec::new();
            for (k, ((x, y), _)) in g.edges.iter().enumerate() {
                s.push_str(&format!("  n{} --> n{}\n", id[x], id[y]));
                if a.cycle_edges.contains(&(x.clone(), y.clone())) {
                    red.push(k.to_string());
                }
            }
            if !red.is_empty() {
                s.push_str(&format!(
                    "  linkStyle {} stroke:red,stroke-width:3px\n",
                    red.join(",")
                ));
            }
            s
        }
        GraphFormat::Json => {
            let edges: Vec<_> = g
                .edges
                .iter()
                .map(|((x, y), ev)| {
                    json!({
                        "from": x, "to": y,
                        "cycle": a.cycle_edges.contains(&(x.clone(), y.clone())),
                        "held_at": ev.held_at, "acquired_at": ev.acquired_at, "via": ev.via,
                    })
                })
                .collect();
            let mut s = serde_json::to_string_pretty(&json!({
                "version": 1, "nodes": nodes, "edges": edges,
            }))
            .expect("graph serializes");
            s.push('\n');
            s
        }
    }
}
