//! The registry against the simulation, the authoring guide and the real content.

use super::*;

fn valid_text(param: &Param) -> String {
    match param.kind {
        Kind::Int { max, .. } => max.to_string(),
        Kind::Seed => u64::MAX.to_string(),
        Kind::OnOff => "off".into(),
        Kind::OneOf(words) => words[words.len() - 1].into(),
    }
}

#[test]
fn names_are_unique_and_every_parameter_reads_back() {
    for (i, entry) in WIDGETS.iter().enumerate() {
        assert!(
            WIDGETS[..i].iter().all(|e| e.name != entry.name),
            "{} twice",
            entry.name
        );
        assert!(!entry.title.is_empty(), "{}", entry.name);
        for param in entry.params {
            let text = format!("{} {}={}", entry.name, param.key, valid_text(param));
            let read = args(&text);
            let back = match param.kind {
                Kind::Int { .. } => read.int(param.key).map(|n| n.to_string()),
                Kind::Seed => read.seed().map(|n| n.to_string()),
                Kind::OnOff => read
                    .on(param.key)
                    .map(|on| if on { "on" } else { "off" }.into()),
                Kind::OneOf(_) => read.word(param.key).map(str::to_string),
            };
            assert_eq!(back, Some(valid_text(param)), "{text}");
        }
    }
}

#[test]
fn refusals_name_the_parameter_and_what_is_accepted() {
    let mut errors: Vec<String> = Vec::new();
    assert!(read(
        "raft nodes=12 preset=nope colour=red prevote=yes",
        &mut errors
    )
    .is_none());
    assert_eq!(errors.len(), 4, "{errors:?}");
    assert!(errors[0].contains("`nodes=12`: expected a whole number from 3 to 9"));
    assert!(errors[1].contains("`normal-election`"), "{}", errors[1]);
    assert!(errors[2].contains("unknown parameter `colour` for widget `raft`"));
    assert!(errors[3].contains("expected `on` or `off`"));
    let mut errors: Vec<String> = Vec::new();
    assert!(read("escalation x=1", &mut errors).is_none());
    assert!(errors[0].contains("takes no parameters"), "{errors:?}");
    let mut errors: Vec<String> = Vec::new();
    assert!(read("tetris", &mut errors).is_none());
    assert!(errors[0].contains("unknown widget `tetris`; expected one of raft, crdt"));
    // The browser's reading needs no messages and agrees.
    let mut quiet = docs::problems::Unexplained::default();
    assert!(read("raft nodes=12", &mut quiet).is_none());
    let mut quiet = docs::problems::Unexplained::default();
    assert_eq!(
        read("raft nodes=5", &mut quiet).map(|(e, _)| e.name),
        Some("raft")
    );
}

/// A preset the directive may name is one the widget starts, not a silent fallback to
/// its default (the simulation's own list is the directive's list).
#[cfg(not(feature = "hydrate"))]
#[test]
fn every_preset_a_directive_can_name_starts_that_preset() {
    for entry in WIDGETS {
        let Some(param) = entry.params.iter().find(|p| p.key == "preset") else {
            continue;
        };
        let Kind::OneOf(words) = param.kind else {
            panic!("{}: preset is not a word", entry.name);
        };
        for preset in words {
            let mount = entry.mount(
                &args(&format!("{} preset={preset}", entry.name)),
                None,
                "",
                "",
            );
            let chosen = format!("<option value=\"{preset}\" selected>");
            assert!(mount.html.contains(&chosen), "{} {preset}", entry.name);
        }
    }
}

/// The widget table of docs/authoring.md, as the registry would write it.
fn authoring_table() -> String {
    let mut out = String::from("| widget | title | parameters (all optional) |\n|---|---|---|\n");
    for entry in WIDGETS {
        let params: Vec<String> = entry
            .params
            .iter()
            .map(|p| {
                let value = match p.kind {
                    Kind::Int { min, max } => format!("{min}..{max}"),
                    Kind::Seed => "<u64>".into(),
                    Kind::OnOff => "on\\|off".into(),
                    Kind::OneOf(words) => words.join("\\|"),
                };
                format!("`{}={value}`", p.key)
            })
            .collect();
        let params = if params.is_empty() {
            "none".to_string()
        } else {
            params.join(", ")
        };
        out += &format!("| `{}` | {} | {params} |\n", entry.name, entry.title);
    }
    out
}

#[test]
fn the_authoring_guide_lists_every_widget_as_the_registry_has_it() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/authoring.md");
    let guide = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let table = authoring_table();
    assert!(
        guide.contains(&table),
        "docs/authoring.md's widget table differs from the registry; it should read:\n{table}"
    );
}

/// The guide's own directives all read with the registry (the server loads them so).
#[cfg(feature = "ssr")]
#[test]
fn the_shipped_content_loads_with_the_registry() {
    let dir = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../content"));
    let options = docs::SiteOptions {
        widgets: std::sync::Arc::new(Registry),
        no_git: true,
        ..docs::SiteOptions::default()
    };
    let site = docs::Site::load(dir, options).unwrap_or_else(|e| panic!("{e}"));
    let placed: Vec<&str> = site
        .pages()
        .iter()
        .flat_map(|p| &p.segments)
        .filter_map(|s| match s {
            docs::Segment::Widget(spec) => Some(spec.name.as_str()),
            docs::Segment::Html(_) => None,
        })
        .collect();
    for entry in WIDGETS {
        assert!(
            placed.contains(&entry.name),
            "{} is placed nowhere",
            entry.name
        );
    }
}

/// `cargo xtask build` makes a browser module per `widget-<name>` feature, and a page
/// that shows one kind loads that kind's module: every widget needs its feature.
#[test]
fn every_widget_has_its_own_module_feature() {
    let manifest = include_str!("../../../Cargo.toml");
    let features: Vec<&str> = manifest
        .lines()
        .filter_map(|line| line.strip_prefix("widget-")?.split_once(" = ["))
        .map(|(kind, _)| kind)
        .collect();
    let names: Vec<&str> = WIDGETS.iter().map(|e| e.name).collect();
    assert_eq!(features, names, "app/site/Cargo.toml's widget-* features");
}

/// A tour is replayed when the content loads: a step whose outcome, action or highlight
/// the simulation does not bear out is refused at its line.
#[cfg(feature = "ssr")]
#[test]
fn a_tour_is_checked_against_the_simulation() {
    let good = "step time=0 highlight=node:n3\nStart.\n\nstep time=210 expect=leader:n3 expect=term:1\nn3 leads.\n";
    let (spec, markdown) = docs::WidgetSpec::parse_tour(&Registry, "raft nodes=5 seed=7", good)
        .unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(spec.tour.len(), 2);
    assert_eq!(markdown[1].trim(), "n3 leads.");
    assert!(
        spec.tour[0].snapshot.contains("data-arg=\"2\" data-hl"),
        "each step carries the stage the reader without JavaScript sees"
    );
    assert!(spec.tour[1].snapshot.contains("raft-stage"));
    for (body, line, says) in [
        (
            good.replace("leader:n3", "leader:n2"),
            3,
            "expects leader n2, but at step",
        ),
        (
            good.replace("term:1", "colour:red"),
            3,
            "unknown fact `colour`",
        ),
        (
            good.replace("node:n3", "node:n8"),
            0,
            "`highlight=` names nothing drawn here",
        ),
        (
            good.replace("time=210", "time=210 do=crash:n9"),
            3,
            "`do=crash`",
        ),
        (
            good.replace("time=210", "time=210 later"),
            3,
            "`later` is not of the form key=value",
        ),
        (
            good.replace("time=0", "time=300"),
            3,
            "before the run's time",
        ),
    ] {
        let errors =
            docs::WidgetSpec::parse_tour(&Registry, "raft nodes=5 seed=7", &body).unwrap_err();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].0, Some(line), "{errors:?}");
        assert!(errors[0].1.contains(says), "{errors:?}");
    }
    let errors = docs::WidgetSpec::parse_tour(&Registry, "escalation", good).unwrap_err();
    assert!(errors[0].1.contains("no simulation to tour"), "{errors:?}");
}
