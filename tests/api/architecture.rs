//! The shape clinic code keeps, checked on the source: a clinic's data is reached only through a
//! unit of work, handlers assemble no audit entries, and the clinical domains stay in small
//! files. A new domain copying an old one inherits the same checks without being listed here.

use std::path::{Path, PathBuf};

fn sources(dir: &Path, out: &mut Vec<(String, String)>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path: PathBuf = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let name = path.strip_prefix(env!("CARGO_MANIFEST_DIR")).unwrap().to_string_lossy().into_owned();
            out.push((name, std::fs::read_to_string(&path).unwrap()));
        }
    }
}

fn all_sources() -> Vec<(String, String)> {
    let mut out = Vec::new();
    sources(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut out);
    assert!(out.len() > 50, "the source tree was not found");
    out
}

/// Code, without comments (a doc comment may well name what the code must not use).
fn code(text: &str) -> String {
    text.lines().filter(|l| !l.trim_start().starts_with("//")).collect::<Vec<_>>().join("\n")
}

#[test]
fn clinic_code_never_holds_the_servers_databases() {
    // The server's state and its databases are the platform's: the resolver and provisioning,
    // the command line and the demo, and the two places that make a unit of work from them.
    let allowed = [
        "src/app.rs",
        "src/state.rs",
        "src/cli.rs",
        "src/lib.rs",
        "src/clinic/mod.rs",
        "src/auth/context.rs",
        "src/http/health.rs",
        "src/spa.rs",
    ];
    let allowed_dirs = ["src/db/", "src/platform/", "src/demo/"];
    let forbidden = ["AppState", "Databases", ".dbs()", ".tenants()", "platform_read", "platform_write", "TenantDb"];
    let mut found = Vec::new();
    for (file, text) in all_sources() {
        if allowed.contains(&file.as_str()) || allowed_dirs.iter().any(|d| file.starts_with(d)) {
            continue;
        }
        for word in forbidden {
            if code(&text).contains(word) {
                found.push(format!("{file} uses {word}"));
            }
        }
    }
    assert!(found.is_empty(), "clinic code reaches past its unit of work:\n{}", found.join("\n"));
}

#[test]
fn only_authentication_opens_a_clinic_database_directly() {
    let allowed = [
        "src/clinic/mod.rs",
        "src/auth/context.rs",
        "src/auth/sign_in.rs",
        "src/auth/public.rs",
        "src/auth/api.rs",
        "src/auth/oidc/flow.rs",
    ];
    let found: Vec<String> = all_sources()
        .into_iter()
        .filter(|(file, text)| !allowed.contains(&file.as_str()) && code(text).contains(".db()"))
        .map(|(file, _)| file)
        .collect();
    assert!(found.is_empty(), "these open a clinic transaction outside a unit of work: {found:?}");
}

/// The text of every `#[OpenApi]` impl block in a file: the handlers.
fn handler_blocks(text: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("#[OpenApi") {
        let after = &rest[at..];
        let Some(open) = after.find('{') else { break };
        let mut depth = 0;
        let mut end = open;
        for (i, c) in after[open..].char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = open + i;
                        break;
                    }
                }
                _ => {}
            }
        }
        blocks.push(code(&after[..=end]));
        rest = &after[end..];
    }
    blocks
}

#[test]
fn handlers_write_no_sql_and_assemble_no_audit_entries() {
    let forbidden =
        ["AuditEntry::", "audit::append", ".entry(", "record_change(", ".audit(", "sqlx::", ".execute(", ".fetch_"];
    let mut found = Vec::new();
    let mut handlers = 0;
    for (file, text) in all_sources() {
        for block in handler_blocks(&text) {
            handlers += 1;
            for word in forbidden {
                if block.contains(word) {
                    found.push(format!("{file}: a handler uses {word}"));
                }
            }
        }
    }
    assert!(handlers > 15, "no handlers were found");
    assert!(found.is_empty(), "queries and audit entries belong to the service verbs:\n{}", found.join("\n"));
}

#[test]
fn the_clinical_domains_keep_their_files_small_and_their_roles_named() {
    for domain in ["billing", "catalogue", "charting", "consents", "signoff", "photos"] {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src").join(domain);
        for role in ["mod", "api", "model", "service", "repo", "error"] {
            // A role grown past one file becomes a folder of its own.
            let present = dir.join(format!("{role}.rs")).exists() || dir.join(role).join("mod.rs").exists();
            assert!(present, "src/{domain}/{role}.rs (or {role}/mod.rs) is missing");
        }
        let mut files = Vec::new();
        sources(&dir, &mut files);
        for (file, text) in files {
            let lines = text.lines().count();
            assert!(lines <= 420, "{file} has {lines} lines; split it before it passes 400");
        }
        let module = std::fs::read_to_string(dir.join("mod.rs")).unwrap();
        assert!(module.starts_with("//!"), "src/{domain}/mod.rs starts with a paragraph on the concept");
    }
}
