//! The public booking pages, server time per page, on Postgres and SQLite. The demo clinic (12
//! services, 3 providers, some 380 appointments around "now") behind the real server; each page
//! is fetched over loopback as a browser would and timed by the server itself (its
//! `server-timing` header: routing, tenancy, reads, availability, rendering). Target: under
//! 5 ms at the median. Confirming (a write: patient, appointment, audit, commit) is shown for
//! information. Run through `scripts/bench`.

mod support;

use std::time::Duration;

use anyhow::Context;
use chrono::{TimeZone, Utc};
use contour::app;
use contour::clock::Clock;
use contour::config::Config;
use contour::state::AppState;
use poem::listener::{Acceptor, Listener, TcpListener};

const RUNS: usize = 200;
/// Untimed runs first: statements get prepared and caches warm, as on a running server.
const WARMUP: usize = 20;
const CONFIRMATIONS: usize = 40;

struct Browser {
    http: reqwest::Client,
    base: String,
}

impl Browser {
    fn new(host: &str, addr: std::net::SocketAddr) -> anyhow::Result<Self> {
        let http = reqwest::Client::builder()
            .resolve(host, addr)
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()?;
        Ok(Self { http, base: format!("http://{host}:{}", addr.port()) })
    }

    /// The page's HTML and the server's time for it.
    async fn get(&self, path: &str) -> anyhow::Result<(String, Duration)> {
        let resp = self.http.get(format!("{}{path}", self.base)).send().await?;
        anyhow::ensure!(resp.status().is_success(), "{path}: {}", resp.status());
        let took = support::server_time(&resp)?;
        Ok((resp.text().await?, took))
    }
}

fn links(html: &str, containing: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .filter(|l| l.contains(containing))
        .map(str::to_owned)
        .collect()
}

fn field(html: &str, name: &str) -> anyhow::Result<String> {
    let marker = format!("name=\"{name}\" value=\"");
    let at = html.find(&marker).with_context(|| format!("no {name}"))?;
    Ok(html[at + marker.len()..].split('"').next().unwrap_or_default().to_owned())
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

/// A page's figures against the target; `bytes: None` marks a write, shown for information.
fn report(label: &str, mut times: Vec<Duration>, bytes: Option<usize>) {
    times.sort();
    let median = times[times.len() / 2];
    let verdict = match bytes {
        Some(_) if median < Duration::from_millis(5) => "target < 5 ms: met",
        Some(_) => "target < 5 ms: MISSED",
        None => "a write: for information",
    };
    println!(
        "  {label:<22} median {:>9}  p95 {:>9}  ({} runs{})   {verdict}",
        ms(median),
        ms(times[times.len() * 95 / 100]),
        times.len(),
        bytes.map(|b| format!(", {:.1} KB", b as f64 / 1024.0)).unwrap_or_default(),
    );
}

async fn page(b: &Browser, label: &str, path: &str) -> anyhow::Result<String> {
    let mut times = Vec::with_capacity(RUNS);
    let mut html = String::new();
    for i in 0..WARMUP + RUNS {
        let (text, took) = b.get(path).await?;
        if i >= WARMUP {
            times.push(took);
        }
        html = text;
    }
    report(label, times, Some(html.len()));
    Ok(html)
}

async fn run(backend: &str, server: Option<&str>) -> anyhow::Result<()> {
    let scratch = support::Scratch::new(server).await?;
    let mut config = Config {
        booking_pages_per_minute: 1_000_000,
        booking_confirmations_per_hour: 1_000_000,
        ..scratch.config.clone()
    };
    let acceptor = TcpListener::bind("127.0.0.1:0").into_acceptor().await?;
    let addr = *acceptor.local_addr()[0].as_socket_addr().context("an address")?;
    config.port = addr.port();
    // A fixed Tuesday morning in Los Angeles, so every run sees the same book.
    let now = Utc.with_ymd_and_hms(2026, 5, 5, 16, 0, 0).single().context("a time")?;
    let state = AppState::start(config, Clock::manual(now)).await?;
    contour::demo::run_as(&state, "bench").await?;
    let host = format!("bench.{}", state.config.base_domain);
    tokio::spawn(app::run(state.clone(), acceptor, std::future::pending()));
    println!("booking pages on {backend} (the demo clinic), server time:");

    let b = Browser::new(&host, addr)?;
    let services = page(&b, "treatments", "/book").await?;
    let service = links(&services, "/book/s/").into_iter().nth(1).context("a service")?;
    let providers = page(&b, "who", &service).await?;
    let anyone = links(&providers, "/p/anyone").into_iter().next().context("anyone")?;
    let one = links(&providers, "/p/").into_iter().find(|l| !l.ends_with("/anyone")).context("a provider")?;
    let times = page(&b, "times, anyone", &anyone).await?;
    page(&b, "times, one provider", &one).await?;
    let slots = links(&times, "/t/");
    page(&b, "details", slots.first().context("a time")?).await?;

    // Confirming: a different patient and time each run (the first times offered, across days).
    let mut offered = Vec::new();
    let mut next = Some(anyone.clone());
    while offered.len() < 3 * CONFIRMATIONS
        && let Some(path) = next.take()
    {
        let (html, _) = b.get(&path).await?;
        offered.extend(links(&html, "/t/"));
        next = links(&html, "?from=").into_iter().next();
    }
    let mut confirm = Vec::new();
    let mut done_path = None;
    for (i, slot) in offered.iter().enumerate() {
        if confirm.len() == CONFIRMATIONS {
            break;
        }
        let guest = Browser::new(&host, addr)?;
        // An earlier booking here may have taken this time too (it overlaps); skip it.
        let Ok((html, _)) = guest.get(slot).await else { continue };
        let (csrf, key) = (field(&html, "csrf")?, field(&html, "key")?);
        let first = format!("Bench{}", char::from(b'a' + (i % 26) as u8));
        let phone = format!("555-010-{:04}", 2000 + i);
        let form = [
            ("csrf", csrf.as_str()),
            ("key", key.as_str()),
            ("first_name", first.as_str()),
            ("last_name", "Visitor"),
            ("phone", phone.as_str()),
        ];
        let resp = guest.http.post(format!("{}{slot}", guest.base)).form(&form).send().await?;
        let took = support::server_time(&resp)?;
        if resp.status() == reqwest::StatusCode::SEE_OTHER {
            done_path = resp.headers().get("location").and_then(|v| v.to_str().ok()).map(str::to_owned);
            confirm.push(took);
        }
    }
    anyhow::ensure!(!confirm.is_empty(), "no booking was confirmed");
    report("confirm (new patient)", confirm, None);
    let done = done_path.context("a done page")?;
    let done = done.split_once("/book/").map(|(_, rest)| format!("/book/{rest}")).unwrap_or(done);
    page(&b, "done", &done).await?;

    scratch.finish(&state).await
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    for (backend, server) in support::backends() {
        run(backend, server.as_deref()).await?;
    }
    Ok(())
}
