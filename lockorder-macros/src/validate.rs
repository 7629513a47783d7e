//! Checks the macros can make before any code is generated: the hierarchy
//! is acyclic and has no repeated name in a chain; lock lists name each
//! class once; suppressions name known rules and carry a reason.

use crate::diag::Errors;
use crate::model::{AllowArgs, ClassDecl, HierarchyDecl, LockAttr};
use crate::rules;
use proc_macro2::Span;
use quote::ToTokens;
use std::collections::VecDeque;
use syn::spanned::Spanned;

/// Orders the declared classes. Every duplicate or cycle is reported at the
/// name that causes it; the offending edge is dropped so the rest of the
/// declaration still yields classes (one mistake does not cascade into
/// "cannot find type" errors at every use).
pub(crate) fn hierarchy(decl: &HierarchyDecl, errors: &mut Errors) -> Vec<ClassDecl> {
    let mut classes: Vec<ClassDecl> = Vec::new();
    // succ[u] = classes declared directly after u.
    let mut succ: Vec<Vec<usize>> = Vec::new();
    for chain in &decl.chains {
        let mut in_chain: Vec<usize> = Vec::new();
        let mut prev: Option<usize> = None;
        for link in &chain.links {
            let idx = match classes.iter().position(|c| c.name == link.name) {
                Some(i) => {
                    classes[i].attrs.extend(link.attrs.iter().cloned());
                    // A class first named without a visibility takes the
                    // first one a later chain gives it.
                    if matches!(classes[i].vis, syn::Visibility::Inherited) {
                        classes[i].vis = chain.vis.clone();
                    }
                    i
                }
                None => {
                    classes.push(ClassDecl {
                        name: link.name.clone(),
                        vis: chain.vis.clone(),
                        attrs: link.attrs.clone(),
                        rank: 0,
                        after: Vec::new(),
                    });
                    succ.push(Vec::new());
                    classes.len() - 1
                }
            };
            if in_chain.contains(&idx) {
                errors.at(
                    link.name.span(),
                    format!(
                        "`{}` appears twice in this chain; a lock class has one place in the order",
                        link.name
                    ),
                );
                continue;
            }
            in_chain.push(idx);
            if let Some(p) = prev {
                if let Some(path) = find_path(&succ, idx, p) {
                    let names: Vec<String> =
                        path.iter().map(|&i| classes[i].name.to_string()).collect();
                    errors.at(
                        link.name.span(),
                        format!(
                            "cycle in the lock hierarchy: `{}` is already declared, so `{} > {}` would close the cycle `{} > {}`",
                            names.join(" > "),
                            classes[p].name,
                            link.name,
                            names.join(" > "),
                            link.name,
                        ),
                    );
                } else if !succ[p].contains(&idx) {
                    succ[p].push(idx);
                }
            }
            prev = Some(idx);
        }
    }
    rank(&mut classes, &succ);
    classes
}

/// A path `from → … → to` along `succ`, if one exists.
fn find_path(succ: &[Vec<usize>], from: usize, to: usize) -> Option<Vec<usize>> {
    let mut parent: Vec<Option<usize>> = vec![None; succ.len()];
    let mut seen = vec![false; succ.len()];
    let mut queue = VecDeque::from([from]);
    seen[from] = true;
    while let Some(u) = queue.pop_front() {
        if u == to {
            let mut path = vec![to];
            let mut cur = to;
            while let Some(p) = parent[cur] {
                path.push(p);
                cur = p;
            }
            path.reverse();
            return Some(path);
        }
        for &v in &succ[u] {
            if !seen[v] {
                seen[v] = true;
                parent[v] = Some(u);
                queue.push_back(v);
            }
        }
    }
    None
}

/// Assigns ranks (a topological order, ties broken by first appearance)
/// and transitive predecessors.
fn rank(classes: &mut [ClassDecl], succ: &[Vec<usize>]) {
    let n = classes.len();
    let mut indegree = vec![0usize; n];
    for vs in succ {
        for &v in vs {
            indegree[v] += 1;
        }
    }
    let mut placed = vec![false; n];
    let mut order = Vec::with_capacity(n);
    while order.len() < n {
        // The edge graph is acyclic (cycle edges were dropped), so a ready
        // class always exists.
        let Some(next) = (0..n).find(|&i| !placed[i] && indegree[i] == 0) else {
            break;
        };
        placed[next] = true;
        order.push(next);
        for &v in &succ[next] {
            indegree[v] -= 1;
        }
    }
    let mut rank_of = vec![0u32; n];
    for (r, &i) in order.iter().enumerate() {
        rank_of[i] = u32::try_from(r).unwrap_or(u32::MAX);
    }
    for i in 0..n {
        let mut before: Vec<usize> = (0..n)
            .filter(|&p| p != i && find_path(succ, p, i).is_some())
            .collect();
        before.sort_by_key(|&p| rank_of[p]);
        classes[i].rank = rank_of[i];
        classes[i].after = before
            .iter()
            .map(|&p| classes[p].name.to_string())
            .collect();
    }
}

/// Reports an empty class list and a class listed twice.
pub(crate) fn lock_attr(attr: &LockAttr, span: Span, errors: &mut Errors) {
    if attr.classes.is_empty() {
        errors.at(
            span,
            format!(
                "`#[{}]` needs at least one lock class, e.g. `#[{}(Semester)]`",
                attr.kind.name(),
                attr.kind.name()
            ),
        );
    }
    for (i, class) in attr.classes.iter().enumerate() {
        let text = path_text(class);
        if attr.classes[..i].iter().any(|c| path_text(c) == text) {
            errors.at(
                class.span(),
                format!("`{text}` is listed twice in `#[{}]`", attr.kind.name()),
            );
        }
    }
}

/// A path as a user writes it (`locks::Semester`).
pub(crate) fn path_text(path: &syn::Path) -> String {
    path.to_token_stream().to_string().replace(' ', "")
}

/// Reports unknown rule codes and a missing or empty reason.
pub(crate) fn allow(args: &AllowArgs, span: Span, errors: &mut Errors) {
    if args.rules.is_empty() {
        errors.at(
            span,
            format!(
                "`#[lockorder::allow]` needs the rule it suppresses, one of: {}",
                rules::RULE_CODES.join(", ")
            ),
        );
    }
    for (i, rule) in args.rules.iter().enumerate() {
        if i > 0 {
            errors.at(
                rule.span,
                "one rule per `#[lockorder::allow]`; repeat the attribute to suppress another rule",
            );
            continue;
        }
        match rules::lookup(&rule.text) {
            Some(code) if code == rule.text && rule.bare => {}
            Some(code) => errors.at(
                rule.span,
                format!("write the rule as its bare kebab-case code, `{code}` (the form `lockorder check` reads)"),
            ),
            None => errors.at(
                rule.span,
                format!(
                    "unknown lockorder rule `{}`; expected one of: {}",
                    rule.text,
                    rules::RULE_CODES.join(", ")
                ),
            ),
        }
    }
    match &args.reason {
        None => errors.at(
            span,
            "`#[lockorder::allow]` needs `reason = \"…\"`: say why this finding is safe to ignore",
        ),
        Some(reason) if reason.value().trim().is_empty() => {
            errors.at(reason.span(), "the reason must not be empty")
        }
        Some(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn classes(src: &str) -> (Vec<ClassDecl>, bool) {
        let decl: HierarchyDecl = syn::parse_str(src).unwrap();
        let mut errors = Errors::default();
        let out = hierarchy(&decl, &mut errors);
        (out, errors.is_empty())
    }

    fn summary(cs: &[ClassDecl]) -> Vec<(String, u32, Vec<String>)> {
        cs.iter()
            .map(|c| (c.name.to_string(), c.rank, c.after.clone()))
            .collect()
    }

    #[test]
    fn ranks_are_a_topological_order_across_chains() {
        // A diamond: A > B > D and A > C > D, then E after D.
        let (cs, ok) = classes("A > B > D; A > C > D; D > E;");
        assert!(ok);
        assert_eq!(
            summary(&cs),
            [
                ("A".into(), 0, vec![]),
                ("B".into(), 1, vec!["A".into()]),
                ("D".into(), 3, vec!["A".into(), "B".into(), "C".into()]),
                ("C".into(), 2, vec!["A".into()]),
                (
                    "E".into(),
                    4,
                    vec!["A".into(), "B".into(), "C".into(), "D".into()]
                ),
            ]
        );
    }

    #[test]
    fn a_later_chain_can_put_a_class_before_an_earlier_one() {
        let (cs, ok) = classes("B > C; A > B;");
        assert!(ok);
        let ranks: Vec<(String, u32)> = cs.iter().map(|c| (c.name.to_string(), c.rank)).collect();
        assert_eq!(ranks, [("B".into(), 1), ("C".into(), 2), ("A".into(), 0)]);
    }

    #[test]
    fn cycles_and_repeats_are_errors_and_the_rest_survives() {
        let (cs, ok) = classes("A > B; B > A;");
        assert!(!ok);
        // The closing edge is dropped: A stays before B.
        assert_eq!(summary(&cs)[1], ("B".into(), 1, vec!["A".into()]));
        let (_, ok) = classes("A > B > A;");
        assert!(!ok);
        let (_, ok) = classes("A > A;");
        assert!(!ok);
        let (_, ok) = classes("A > B; A > B;");
        assert!(ok, "repeating an edge is not a cycle");
    }
}
