//! `dckit-mock verify URL`: replays contract cases against any server and reports, suite by
//! suite.
//!
//! A suite is a folder of cases (`webservice`, `datacash`, `portal`, `admin`): the built-in
//! ones come from `dckit_contracts::cases::embedded`; with `--cases DIR`, each subfolder of
//! DIR is a suite, and DIR's own `*.json` files one more, named after DIR. Case names are
//! unique within a suite, and each suite runs on its own (its own harness state). With an
//! admin token, the server's clock is first frozen on the suite's first case clock, so the
//! suite's data are generated as of its day whatever the server's clock was.

use super::resolve::VerifySettings;
use anyhow::{Context, bail};
use dckit_contracts::cases::{self, Case, Runner};
use std::io::Write;
use std::path::Path;

/// A suite: its name and its cases, in path order.
pub(crate) type Group = (String, Vec<Case>);

/// The suites `settings` select, in name order.
pub(crate) fn select(settings: &VerifySettings) -> anyhow::Result<Vec<Group>> {
    let all = match &settings.cases {
        Some(dir) => from_dir(dir)?,
        None => built_in()?,
    };
    if settings.suites.is_empty() {
        return Ok(all);
    }
    let chosen: Vec<Group> = all
        .into_iter()
        .filter(|(name, _)| settings.suites.iter().any(|s| s.folder() == name))
        .collect();
    if chosen.is_empty() {
        let names: Vec<&str> = settings.suites.iter().map(|s| s.folder()).collect();
        let place = settings.cases.as_ref().map_or_else(
            || "in the built-in cases".to_owned(),
            |dir| format!("under {}", dir.display()),
        );
        bail!(
            "no suite {} {place}: a suite is a folder of cases",
            names.join(", ")
        );
    }
    Ok(chosen)
}

/// The built-in suites.
fn built_in() -> anyhow::Result<Vec<Group>> {
    let cases = cases::embedded().context("the built-in cases do not load")?;
    let mut groups: Vec<Group> = Vec::new();
    for case in cases {
        let suite = cases::embedded_suite(&case).unwrap_or("cases").to_owned();
        match groups.iter_mut().find(|(name, _)| *name == suite) {
            Some((_, members)) => members.push(case),
            None => groups.push((suite, vec![case])),
        }
    }
    groups.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(groups)
}

/// The suites of `dir`: each subfolder, and its own files.
fn from_dir(dir: &Path) -> anyhow::Result<Vec<Group>> {
    let read = || format!("cannot read the cases of {}", dir.display());
    let mut groups = Vec::new();
    let mut own = Vec::new();
    for entry in std::fs::read_dir(dir).with_context(read)? {
        let path = entry.with_context(read)?.path();
        if path.is_dir() {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let cases = cases::load_dir(&path)?;
            if !cases.is_empty() {
                groups.push((name, cases));
            }
        } else if path.extension().is_some_and(|e| e == "json") {
            own.push(path);
        }
    }
    if !own.is_empty() {
        own.sort();
        let cases = own
            .iter()
            .map(|path| cases::load_case(path))
            .collect::<Result<Vec<_>, _>>()?;
        let name = dir
            .file_name()
            .map_or_else(|| "cases".to_owned(), |n| n.to_string_lossy().into_owned());
        groups.push((name, cases));
    }
    groups.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(groups)
}

/// Freezes the server's clock at the first clock of `group`, so that the runner's first
/// reset seeds the data as of the day the suite is written for — as its tests do by starting
/// the mock on that day. A failure here is left for the runner's own harness calls to report.
async fn start_the_day(url: &str, token: &str, group: &[Case]) {
    let Some(clock) = group.iter().find_map(|case| case.clock) else {
        return;
    };
    let client = reqwest::Client::new();
    let sent = client
        .post(format!("{}/__admin/clock", url.trim_end_matches('/')))
        .bearer_auth(token)
        .json(&serde_json::json!({"freeze": clock.to_rfc3339()}))
        .timeout(std::time::Duration::from_secs(30))
        .send()
        .await;
    if let Err(e) = sent {
        tracing::debug!("cannot freeze the clock before the suite: {e}");
    }
}

/// Runs the selected suites, prints each report and a total to stdout, and tells whether
/// every case passed.
pub(crate) async fn run(settings: &VerifySettings) -> anyhow::Result<bool> {
    let groups = select(settings)?;
    let mut runner = Runner::new(settings.url.clone());
    for (name, value) in &settings.vars {
        runner = runner.var(name.clone(), value.clone());
    }
    if let Some(token) = &settings.admin_token {
        runner = runner.admin_token(token.clone());
    }
    let (mut passed, mut failed) = (0, 0);
    let mut out = std::io::stdout().lock();
    let write = |out: &mut std::io::StdoutLock<'_>, text: String| {
        out.write_all(text.as_bytes())
            .and_then(|()| out.flush())
            .context("cannot write the report")
    };
    for (name, group) in &groups {
        write(&mut out, format!("== {name} ({} cases)\n", group.len()))?;
        if let Some(token) = &settings.admin_token {
            start_the_day(&settings.url, token, group).await;
        }
        let report = runner.run(group).await;
        passed += report.passed();
        failed += report.failed();
        write(&mut out, format!("{report}\n"))?;
    }
    let suites = if groups.len() == 1 { "suite" } else { "suites" };
    write(
        &mut out,
        format!(
            "{} {suites}, {} cases: {passed} passed, {failed} failed\n",
            groups.len(),
            passed + failed
        ),
    )?;
    Ok(failed == 0)
}

#[cfg(test)]
mod tests {
    use super::super::Suite;
    use super::*;
    use std::collections::BTreeMap;

    fn settings(suites: Vec<Suite>) -> VerifySettings {
        VerifySettings {
            url: "http://127.0.0.1:9".into(),
            cases: None,
            suites,
            admin_token: None,
            vars: BTreeMap::new(),
        }
    }

    fn names(groups: &[Group]) -> Vec<(&str, usize)> {
        groups.iter().map(|(n, c)| (n.as_str(), c.len())).collect()
    }

    #[test]
    fn suites_select_their_folder_of_the_built_in_cases() {
        let all = select(&settings(vec![])).unwrap();
        let suites: Vec<&str> = all.iter().map(|(n, _)| n.as_str()).collect();
        assert!(
            suites.contains(&"datacash") && suites.contains(&"webservice"),
            "{suites:?}"
        );
        assert!(!suites.contains(&"example"), "{suites:?}");
        let two = select(&settings(vec![Suite::Webservice, Suite::Datacash])).unwrap();
        let datacash = &two[0];
        assert_eq!(datacash.0, "datacash");
        assert!(datacash.1.iter().any(|c| c.name == "info-user"));
        assert_eq!(two[1].0, "webservice");
    }

    #[test]
    fn a_folder_of_cases_is_split_into_the_same_suites() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../contracts/cases");
        let mut from_dir = settings(vec![Suite::Datacash, Suite::Webservice]);
        from_dir.cases = Some(root.clone());
        let built_in = select(&settings(vec![Suite::Datacash, Suite::Webservice])).unwrap();
        assert_eq!(names(&select(&from_dir).unwrap()), names(&built_in));
        // A suite's own folder is one suite named after it.
        from_dir.cases = Some(root.join("datacash"));
        from_dir.suites = vec![];
        let own = select(&from_dir).unwrap();
        assert_eq!(names(&own), names(&built_in[..1]));
        from_dir.suites = vec![Suite::Portal];
        let error = select(&from_dir).unwrap_err().to_string();
        assert!(error.contains("no suite portal under"), "{error}");
    }
}
