//! Bad content stops the server at startup with the file (and line), and with `--watch`
//! a change that breaks the content is reported while the last good pages stay up.

mod common;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Writes `files` (path relative to the content directory, text) into a fresh directory.
fn content(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let root = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("content-{name}"));
    let _ = std::fs::remove_dir_all(&root);
    for (path, text) in files {
        write(&root.join(path), text);
    }
    root
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

const OVERVIEW: &str = "---\nname: raft\ndescription: Consensus.\n---\n# Raft\n\nText.\n";

/// Runs the server on `content` until it exits (bad content) and returns what it said.
fn start_with(name: &str, content: &Path) -> Output {
    let site = common::fixture_site(name);
    Command::new(env!("CARGO_BIN_EXE_server"))
        .args(["--port", "0", "--site-dir"])
        .arg(&site)
        .arg("--content-dir")
        .arg(content)
        .env("RUST_LOG", "warn")
        .output()
        .unwrap()
}

#[test]
fn pages_that_take_the_servers_addresses_stop_startup_naming_the_file() {
    let dir = content(
        "routes",
        &[
            ("SKILL.md", OVERVIEW),
            ("search.md", "# Search\n"),
            ("llms-full.txt.md", "# Everything\n"),
            // The fixture site has a favicon.svg at its top.
            ("favicon.svg.md", "# Icon\n"),
            ("consensus.md", "# Consensus\n"),
        ],
    );
    let output = start_with("bad-content-routes", &dir);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    for (file, route) in [
        ("search.md", "/search"),
        ("llms-full.txt.md", "/llms-full.txt"),
        ("favicon.svg.md", "/favicon.svg"),
    ] {
        let line = stderr
            .lines()
            .find(|line| line.contains(&dir.join(file).display().to_string()))
            .unwrap_or_else(|| panic!("{file} is not named in:\n{stderr}"));
        assert!(line.contains(&format!("collides with `{route}`")), "{line}");
    }
    assert!(stderr.contains("3 problems in the content"), "{stderr}");
    assert!(!stderr.contains("consensus.md"), "{stderr}");
}

#[test]
fn two_skills_with_one_name_stop_startup_naming_the_file_and_line() {
    let dir = content(
        "same-name",
        &[("a/SKILL.md", OVERVIEW), ("b/SKILL.md", OVERVIEW)],
    );
    let output = start_with("bad-content-same-name", &dir);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    let expected = format!("{}:2: skill name `raft`", dir.join("b/SKILL.md").display());
    assert!(stderr.contains(&expected), "{stderr}");
    assert!(stderr.contains("--content-dir"), "{stderr}");
}

/// A server started with `--watch` whose log is collected as it runs.
struct Watching {
    child: Child,
    log: Arc<Mutex<String>>,
    address: std::net::SocketAddr,
}

impl Watching {
    fn start(content: &Path) -> Watching {
        let site = common::fixture_site("bad-content-watch");
        let mut child = Command::new(env!("CARGO_BIN_EXE_server"))
            .args([
                "--port",
                "0",
                "--watch",
                "--log-format",
                "text",
                "--site-dir",
            ])
            .arg(&site)
            .arg("--content-dir")
            .arg(content)
            .env("RUST_LOG", "info")
            .env("NO_COLOR", "1")
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let address = lines
            .by_ref()
            .map_while(Result::ok)
            .find_map(|line| {
                let rest = line.split("http://").nth(1)?;
                rest.split('/').next()?.parse().ok()
            })
            .expect("the server logs its address");
        let log = Arc::new(Mutex::new(String::new()));
        let sink = log.clone();
        std::thread::spawn(move || {
            for line in lines.map_while(Result::ok) {
                let mut log = sink.lock().unwrap();
                log.push_str(&line);
                log.push('\n');
            }
        });
        Watching {
            child,
            log,
            address,
        }
    }

    fn page(&self, path: &str) -> (u16, String) {
        let response = common::raw_get(self.address, path);
        (response.status, response.text())
    }

    /// Waits (at most 10 s) until `done` holds of the log, or of a page fetched anew.
    fn wait_for(&self, what: &str, done: impl Fn(&Watching) -> bool) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while !done(self) {
            assert!(
                Instant::now() < deadline,
                "{what} did not happen; log:\n{}",
                self.log.lock().unwrap()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Watching {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn watch_reports_bad_content_and_keeps_the_last_good_pages_up() {
    let dir = content(
        "watch",
        &[("SKILL.md", OVERVIEW), ("log.md", "# Log one\n\nFirst.\n")],
    );
    let server = Watching::start(&dir);
    let (status, html) = server.page("/log");
    assert_eq!(status, 200);
    assert!(html.contains("Log one"));

    // (file, what breaks it, what the log says, what the file was before: None if new)
    let cases = [
        (
            "log.md",
            "---\ntitle: Log\norder: seven\n---\n# Log two\n",
            format!("{}:3: bad front matter", dir.join("log.md").display()),
            Some("# Log one\n\nFirst.\n"),
        ),
        (
            "SKILL.md",
            "---\ndescription: No name.\n---\n# Raft\n",
            format!(
                "{}:1: SKILL.md front matter needs `name`",
                dir.join("SKILL.md").display()
            ),
            Some(OVERVIEW),
        ),
        (
            "search.md",
            "# Search\n",
            format!("{}: `/search` collides", dir.join("search.md").display()),
            None,
        ),
    ];
    for (file, text, expected, before) in &cases {
        write(&dir.join(file), text);
        server.wait_for(expected, |s| s.log.lock().unwrap().contains(expected));
        let (status, html) = server.page("/log");
        assert_eq!(status, 200, "after {file}");
        assert!(
            html.contains("Log one"),
            "the last good page is gone after {file}"
        );
        match before {
            Some(text) => write(&dir.join(file), text),
            None => std::fs::remove_file(dir.join(file)).unwrap(),
        }
    }
    write(&dir.join("log.md"), "# Log three\n");
    server.wait_for("the fixed page", |s| s.page("/log").1.contains("Log three"));
}
