//! `sim-cli run`: today's text output, `--states` JSON lines, `--seek`, `--until-step` and
//! `--max-memory`, on the example scenario.

use serde_json::Value;
use std::process::{Command, Output};

const EXAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/asymmetric.toml");

fn sim_cli(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sim-cli"))
        .arg("run")
        .arg(EXAMPLE)
        .args(args)
        .output()
        .unwrap()
}

fn json_lines(out: &Output) -> Vec<Value> {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn the_default_output_is_the_trace_in_words_then_the_invariants() {
    let out = sim_cli(&[]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "t=1 ms: scenario: force n1's election timeout");
    assert_eq!(
        lines.last(),
        Some(&"Follower commit within leaderCommit and new entries: ok")
    );
    assert!(text.contains("Election Safety: ok"));
}

#[test]
fn states_prints_a_header_every_step_with_its_messages_and_states_and_a_summary() {
    let lines = json_lines(&sim_cli(&["--states", "--until-step", "60"]));
    assert_eq!(lines.len(), 1 + 61 + 1, "header, steps 0..=60, end");
    assert_eq!(lines[0]["type"], "header");
    assert_eq!(lines[0]["schema_version"], 1);
    assert_eq!(lines[0]["protocol"], "raft");
    for (step, line) in lines[1..62].iter().enumerate() {
        assert_eq!(line["type"], "step");
        assert_eq!(line["step"], step as u64);
        assert_eq!(line["state"]["nodes"].as_array().unwrap().len(), 5);
    }
    let appends: Vec<&Value> = lines
        .iter()
        .filter_map(|l| l["events"].as_array())
        .flatten()
        .filter_map(|e| e["kind"]["Sent"].as_object())
        .filter_map(|sent| sent["msg"].get("AppendEntries"))
        .collect();
    assert!(!appends.is_empty());
    assert!(appends
        .iter()
        .all(|m| m["prev_index"].is_u64() && m["entries"].is_array()));
    let end = lines.last().unwrap();
    assert_eq!(end["type"], "end");
    assert_eq!(end["steps"], 60);
    assert!(end["memory_limit_reached"].is_null());
}

#[test]
fn seeking_back_reports_the_same_state_as_the_run_had_there() {
    let run = json_lines(&sim_cli(&["--states", "--until-step", "300"]));
    let seek = json_lines(&sim_cli(&[
        "--states",
        "--until-step",
        "300",
        "--seek",
        "77",
    ]));
    assert_eq!(seek.len(), 3, "header, step 77, end");
    assert_eq!(seek[1], run[1 + 77]);
    let out = sim_cli(&["--until-step", "10", "--seek", "11"]);
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("--seek 11: the run recorded only 10 steps")
    );
}

#[test]
fn a_run_past_its_memory_budget_stops_with_exit_code_3_and_says_why() {
    let out = sim_cli(&["--max-memory", "100000"]);
    assert_eq!(out.status.code(), Some(3));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("the timeline stops at step"), "{err}");
    assert!(err.contains("over 0.1 MB"), "{err}");
}
