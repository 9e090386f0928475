//! Billing: checkout from a visit and its chart, drafts, issuing without gaps, payments and
//! refunds, voids, and an issued invoice that never changes what it charges.

use contour::auth::Role;
use contour::db::{Arg, DbFailure, Sql, classify};
use futures::future::join_all;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::charting::{Charting, charting};
use crate::helpers::{Session, TestApp};

/// The charting fixture, with Botox billed per unit at $14 a unit.
async fn billing(app: &TestApp) -> Charting {
    let t = charting(app).await;
    let services = t.s.owner.get("/api/v1/services").await;
    let mut botox = services.body.as_array().unwrap().iter().find(|s| s["id"] == t.s.botox.as_str()).unwrap().clone();
    botox["pricing"] = json!("per_unit");
    let r = t.s.owner.put(&format!("/api/v1/services/{}", t.s.botox), &botox).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let r = t
        .s
        .owner
        .put(
            &format!("/api/v1/products/{}", t.product),
            &json!({ "name": "Botox", "manufacturer": "Allergan", "kind": "neurotoxin", "defaultUnit": "units", "priceCents": 1400 }),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    t
}

async fn checkout(who: &Session, appointment: &str) -> (StatusCode, Value) {
    let r = who.post(&format!("/api/v1/appointments/{appointment}/checkout"), &json!({})).await;
    (r.status, r.body)
}

fn id(v: &Value) -> String {
    v["id"].as_str().unwrap().to_owned()
}

/// A draft for the patient with one $100 "other" line.
async fn draft(who: &Session, patient: &str, cents: i64) -> String {
    let r = who.post("/api/v1/invoices", &json!({ "patientId": patient })).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let invoice = id(&r.body);
    let body = json!({
        "lines": [{ "kind": "other", "description": "Gift card top-up", "quantityMilli": 1000, "unitPriceCents": cents, "taxable": false }],
        "discountKind": "none",
    });
    let r = who.put(&format!("/api/v1/invoices/{invoice}"), &body).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    invoice
}

async fn pay(who: &Session, invoice: &str, kind: &str, cents: i64) -> crate::helpers::Reply {
    who.post(
        &format!("/api/v1/invoices/{invoice}/payments"),
        &json!({ "kind": kind, "method": "card", "amountCents": cents, "reference": "demo-4242" }),
    )
    .await
}

#[tokio::test]
async fn checkout_bills_what_the_chart_records_and_shows_what_changed_since() {
    let app = TestApp::spawn().await;
    let t = billing(&app).await;
    let chart = t.charted().await;
    assert_eq!(t.entry(&chart, "Forehead", "12").await.status, StatusCode::OK);

    let (status, invoice) = checkout(&t.riley, &t.appointment).await;
    assert_eq!(status, StatusCode::CREATED, "{invoice}");
    assert_eq!(invoice["status"], "draft");
    let lines = invoice["lines"].as_array().unwrap();
    assert_eq!(lines.len(), 1, "the chart's product replaces the visit's own line: {invoice}");
    assert_eq!(lines[0]["quantityMilli"], 32_000, "20 + 12 units charted");
    assert_eq!(lines[0]["unit"], "units");
    assert_eq!(lines[0]["unitPriceCents"], 1400);
    assert_eq!(lines[0]["fromChart"], true);
    assert_eq!(invoice["totalCents"], 44_800);
    assert_eq!(invoice["chartDifferences"], json!([]));

    // Twice is once.
    let (again, same) = checkout(&t.s.desk, &t.appointment).await;
    assert_eq!(again, StatusCode::OK);
    assert_eq!(same["id"], invoice["id"]);

    // The chart changes after the invoice was made: it says so, and updates on request.
    assert_eq!(t.entry(&chart, "Crow's feet", "10").await.status, StatusCode::OK);
    let now = t.riley.get(&format!("/api/v1/invoices/{}", id(&invoice))).await;
    let diff = &now.body["chartDifferences"][0];
    assert_eq!(
        (diff["chartedMilli"].as_i64(), diff["billedMilli"].as_i64()),
        (Some(42_000), Some(32_000)),
        "{}",
        now.text
    );
    let synced = t.riley.post(&format!("/api/v1/invoices/{}/sync-chart", id(&invoice)), &json!({})).await;
    assert_eq!(synced.status, StatusCode::OK, "{}", synced.text);
    assert_eq!(synced.body["lines"][0]["quantityMilli"], 42_000);
    assert_eq!(synced.body["totalCents"], 58_800);
    assert_eq!(synced.body["chartDifferences"], json!([]));

    // A fixed-price visit is billed at the service's price.
    let visit = t
        .s
        .desk
        .post(
            "/api/v1/appointments",
            &json!({ "patientId": t.s.patient2, "providerId": t.s.riley, "serviceId": t.s.consult, "startsAt": crate::charting::wed(180) }),
        )
        .await;
    assert_eq!(visit.status, StatusCode::CREATED, "{}", visit.text);
    let (status, fixed) = checkout(&t.s.desk, visit.body["appointment"]["id"].as_str().unwrap()).await;
    assert_eq!(status, StatusCode::CREATED, "{fixed}");
    assert_eq!(fixed["lines"].as_array().unwrap().len(), 1);
    assert_eq!(fixed["lines"][0]["kind"], "service");
    assert_eq!(fixed["lines"][0]["fromChart"], false);
}

#[tokio::test]
async fn an_invoice_goes_from_draft_to_paid_to_refunded_and_refuses_what_it_must() {
    let app = TestApp::spawn().await;
    let t = billing(&app).await;
    t.charted().await;
    let billing = t.s.c.as_role(&app, Role::Billing).await;
    let (_, invoice) = checkout(&billing, &t.appointment).await;
    let invoice = id(&invoice);
    let url = format!("/api/v1/invoices/{invoice}");

    assert_eq!(pay(&billing, &invoice, "payment", 100).await.body["code"], "invoice_not_issued");
    let mut body = json!({
        "lines": [
            { "kind": "service", "description": "Botox", "serviceId": t.s.botox, "productId": t.product, "quantityMilli": 20000, "unit": "units", "unitPriceCents": 1400, "taxable": false, "fromChart": true },
            { "kind": "product", "description": "Sunscreen", "productId": t.product, "quantityMilli": 1000, "unitPriceCents": 4800, "discountCents": 800, "taxable": true }
        ],
        "discountKind": "percent", "discountValue": 1000,
    });
    let r = billing.put(&url, &body).await;
    assert_eq!(
        (r.status, r.body["fields"][0]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("discountReason"))
    );
    body["discountReason"] = json!("Loyal patient");
    let r = billing.put(&url, &body).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    // 28,000 + (4,800 − 800); 10 % off each line; tax 0 % (the clinic's default rate).
    assert_eq!((r.body["subtotalCents"].as_i64(), r.body["discountCents"].as_i64()), (Some(32_000), Some(3_200)));
    assert_eq!(r.body["totalCents"], 28_800);

    let issued = billing.post(&format!("{url}/issue"), &json!({})).await;
    assert_eq!(issued.status, StatusCode::OK, "{}", issued.text);
    assert_eq!(issued.body["number"], "INV-00001");
    assert_eq!(issued.body["status"], "unpaid");
    assert_eq!(billing.put(&url, &body).await.body["code"], "invoice_issued");
    assert_eq!(billing.post(&format!("{url}/sync-chart"), &json!({})).await.body["code"], "invoice_issued");
    assert_eq!(billing.post(&format!("{url}/issue"), &json!({})).await.body["code"], "invoice_issued");

    let over = pay(&billing, &invoice, "payment", 28_801).await;
    assert_eq!((over.status, over.body["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("overpayment")));
    let part = pay(&billing, &invoice, "payment", 10_000).await;
    assert_eq!(part.body["status"], "partially_paid", "{}", part.text);
    assert_eq!(part.body["balanceCents"], 18_800);
    let full = pay(&billing, &invoice, "payment", 18_800).await;
    assert_eq!(full.body["status"], "paid");
    assert_eq!(
        billing.post(&format!("{url}/void"), &json!({ "reason": "Wrong patient" })).await.body["code"],
        "invoice_has_payments"
    );

    let too_much = pay(&billing, &invoice, "refund", 28_801).await;
    assert_eq!(too_much.body["code"], "refund_exceeds_paid");
    let refund = pay(&billing, &invoice, "refund", 28_800).await;
    assert_eq!(refund.body["status"], "refunded", "{}", refund.text);
    assert_eq!(refund.body["refundedCents"], 28_800);

    // A payment voided: refused while refunds would exceed what is left paid.
    let first = refund.body["payments"][0]["id"].as_str().unwrap().to_owned();
    let v = billing.post(&format!("{url}/payments/{first}/void"), &json!({ "reason": "Keyed twice" })).await;
    assert_eq!(v.body["code"], "payment_refunded", "{}", v.text);

    let void = billing.post(&format!("{url}/void"), &json!({ "reason": "Treatment redone at no charge" })).await;
    assert_eq!(void.status, StatusCode::OK, "{}", void.text);
    assert_eq!(void.body["status"], "void");
    assert_eq!(void.body["number"], "INV-00001", "a void invoice keeps its number");
    assert_eq!(pay(&billing, &invoice, "payment", 100).await.body["code"], "invoice_void");
    assert_eq!(billing.post(&format!("{url}/void"), &json!({ "reason": "again" })).await.body["code"], "invoice_void");

    // The visit can be checked out again; the new invoice gets the next number.
    let (status, again) = checkout(&billing, &t.appointment).await;
    assert_eq!(status, StatusCode::CREATED);
    let next = billing.post(&format!("/api/v1/invoices/{}/issue", id(&again)), &json!({})).await;
    assert_eq!(next.body["number"], "INV-00002", "a voided number is never reused");

    let empty = billing.post("/api/v1/invoices", &json!({ "patientId": t.s.patient })).await;
    let r = billing.post(&format!("/api/v1/invoices/{}/issue", id(&empty.body)), &json!({})).await;
    assert_eq!((r.status, r.body["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("invoice_empty")));

    // Every step is in the audit log.
    for action in [
        "invoice.created",
        "invoice.changed",
        "invoice.issued",
        "payment.recorded",
        "payment.refunded",
        "invoice.voided",
    ] {
        let audit = t.s.owner.get(&format!("/api/v1/audit?action={action}")).await;
        assert!(!audit.body["entries"].as_array().unwrap().is_empty(), "{action}: {}", audit.text);
    }
}

#[tokio::test]
async fn the_database_keeps_an_issued_invoice_and_its_payments_as_they_were() {
    let app = TestApp::spawn().await;
    let t = billing(&app).await;
    let invoice = draft(&t.s.desk, &t.s.patient, 10_000).await;
    t.s.desk.post(&format!("/api/v1/invoices/{invoice}/issue"), &json!({})).await;
    let paid = pay(&t.s.desk, &invoice, "payment", 4_000).await;
    let payment = paid.body["payments"][0]["id"].as_str().unwrap().to_owned();
    let arg = |v: &str| Arg::Uuid(Some(uuid::Uuid::parse_str(v).unwrap()));
    for (sql, value, expected) in [
        ("update invoices set total_cents = 1 where id = $1", &invoice, DbFailure::InvoiceIssued),
        ("update invoices set discount_value = 5 where id = $1", &invoice, DbFailure::InvoiceIssued),
        ("update invoice_lines set unit_price_cents = 1 where invoice_id = $1", &invoice, DbFailure::InvoiceIssued),
        ("delete from invoice_lines where invoice_id = $1", &invoice, DbFailure::InvoiceIssued),
        ("delete from invoices where id = $1", &invoice, DbFailure::AppendOnly),
        ("update payments set amount_cents = 1 where id = $1", &payment, DbFailure::AppendOnly),
        ("delete from payments where id = $1", &payment, DbFailure::AppendOnly),
    ] {
        let mut tx = app.tenant_write(&t.s.c.clinic).await;
        let err = tx.execute(sql, vec![arg(value)]).await.expect_err(sql);
        assert_eq!(classify(&err), expected, "{sql}: {err}");
    }
    let mut tx = app.tenant_write(&t.s.c.clinic).await;
    let err = tx
        .execute(
            "insert into invoice_lines (id, invoice_id, kind, description, quantity_milli, unit_price_cents, total_cents, \
             created_at, updated_at) values ($1, $2, 'other', 'Extra', 1000, 100, 100, $3, $3)",
            vec![Arg::Uuid(Some(uuid::Uuid::now_v7())), arg(&invoice), Arg::Instant(Some(app.now()))],
        )
        .await
        .expect_err("a line added to an issued invoice");
    assert_eq!(classify(&err), DbFailure::InvoiceIssued);
}

#[tokio::test]
async fn fifty_invoices_issued_at_once_get_fifty_consecutive_numbers() {
    let app = TestApp::spawn().await;
    let t = billing(&app).await;
    let mut drafts = Vec::new();
    for i in 0..50 {
        drafts.push(draft(&t.s.desk, if i % 2 == 0 { &t.s.patient } else { &t.s.patient2 }, 1_000 + i).await);
    }
    let issue = |d: &String| {
        let (desk, path) = (t.s.desk.clone(), format!("/api/v1/invoices/{d}/issue"));
        async move { desk.post(&path, &json!({})).await }
    };
    let issued = join_all(drafts.iter().map(issue)).await;
    let mut numbers: Vec<String> = issued
        .iter()
        .map(|r| {
            assert_eq!(r.status, StatusCode::OK, "{}", r.text);
            r.body["number"].as_str().unwrap().to_owned()
        })
        .collect();
    numbers.sort();
    let expected: Vec<String> = (1..=50).map(|n| format!("INV-{n:05}")).collect();
    assert_eq!(numbers, expected);
    // Issuing them all again changes nothing.
    let again = join_all(drafts.iter().take(10).map(issue)).await;
    assert!(
        again.iter().all(|r| r.body["code"] == "invoice_issued"),
        "{:?}",
        again.iter().map(|r| &r.text).collect::<Vec<_>>()
    );
}

#[tokio::test]
async fn a_payment_sent_twice_with_one_key_is_recorded_once() {
    let app = TestApp::spawn().await;
    let t = billing(&app).await;
    let invoice = draft(&t.s.desk, &t.s.patient, 10_000).await;
    t.s.desk.post(&format!("/api/v1/invoices/{invoice}/issue"), &json!({})).await;
    let body = json!({ "method": "cash", "amountCents": 6_000 });
    let url = format!("/api/v1/invoices/{invoice}/payments");
    let replies =
        join_all((0..12).map(|_| t.s.desk.post_with(&url, &body, ("Idempotency-Key", "till-7-receipt-19")))).await;
    for r in &replies {
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    }
    let now = t.s.desk.get(&format!("/api/v1/invoices/{invoice}")).await;
    assert_eq!(now.body["payments"].as_array().unwrap().len(), 1, "{}", now.text);
    assert_eq!(now.body["paidCents"], 6_000);
    let other = draft(&t.s.desk, &t.s.patient, 10_000).await;
    t.s.desk.post(&format!("/api/v1/invoices/{other}/issue"), &json!({})).await;
    let reused =
        t.s.desk
            .post_with(&format!("/api/v1/invoices/{other}/payments"), &body, ("Idempotency-Key", "till-7-receipt-19"))
            .await;
    assert_eq!((reused.status, reused.body["code"].as_str()), (StatusCode::CONFLICT, Some("idempotency_key_reused")));
}

#[tokio::test]
async fn another_clinics_invoices_are_not_found() {
    let app = TestApp::spawn().await;
    let t = billing(&app).await;
    let invoice = draft(&t.s.desk, &t.s.patient, 10_000).await;
    let other = app.create_clinic().await.owner(&app).await;
    for path in [format!("/api/v1/invoices/{invoice}"), format!("/api/v1/invoices/{invoice}/pdf")] {
        assert_eq!(other.get(&path).await.status, StatusCode::NOT_FOUND, "{path}");
    }
    for path in [
        format!("/api/v1/invoices/{invoice}/issue"),
        format!("/api/v1/invoices/{invoice}/sync-chart"),
        format!("/api/v1/appointments/{}/checkout", t.appointment),
    ] {
        assert_eq!(other.post(&path, &json!({})).await.status, StatusCode::NOT_FOUND, "{path}");
    }
    let pay = other
        .post(&format!("/api/v1/invoices/{invoice}/payments"), &json!({ "method": "cash", "amountCents": 100 }))
        .await;
    assert_eq!(pay.status, StatusCode::NOT_FOUND);
    let created = other.post("/api/v1/invoices", &json!({ "patientId": t.s.patient })).await;
    assert_eq!(created.body["fields"][0]["code"], "unknown", "{}", created.text);
    let list = other.get(&format!("/api/v1/invoices?patientId={}", t.s.patient)).await;
    assert_eq!(list.body["items"], json!([]));
}

#[tokio::test]
async fn the_list_filters_pages_and_totals_and_the_pdf_downloads() {
    let app = TestApp::spawn().await;
    let t = billing(&app).await;
    let mut ids = Vec::new();
    for i in 0..5 {
        let invoice = draft(&t.s.desk, if i < 3 { &t.s.patient } else { &t.s.patient2 }, 10_000).await;
        if i > 0 {
            t.s.desk.post(&format!("/api/v1/invoices/{invoice}/issue"), &json!({})).await;
        }
        if i > 1 {
            pay(&t.s.desk, &invoice, "payment", if i == 2 { 4_000 } else { 10_000 }).await;
        }
        ids.push(invoice);
    }
    let read_only = t.s.c.as_role(&app, Role::ReadOnly).await;
    let all = read_only.get("/api/v1/invoices").await;
    assert_eq!(all.status, StatusCode::OK, "{}", all.text);
    assert_eq!(all.body["totals"]["count"], 5);
    assert_eq!(all.body["totals"]["invoicedCents"], 40_000);
    assert_eq!(all.body["totals"]["collectedCents"], 24_000);
    assert_eq!(all.body["totals"]["outstandingCents"], 16_000);
    let unpaid = read_only.get("/api/v1/invoices?status=unpaid&status=partially_paid").await;
    assert_eq!(unpaid.body["items"].as_array().unwrap().len(), 2, "{}", unpaid.text);
    let of_patient = read_only.get(&format!("/api/v1/invoices?patientId={}", t.s.patient2)).await;
    assert_eq!(of_patient.body["totals"]["count"], 2);
    let by_number = read_only.get("/api/v1/invoices?q=00003").await;
    assert_eq!(by_number.body["items"][0]["number"], "INV-00003", "{}", by_number.text);

    let page = read_only.get("/api/v1/invoices?limit=2").await;
    assert_eq!(page.body["items"].as_array().unwrap().len(), 2);
    let cursor = page.body["nextCursor"].as_str().unwrap();
    let rest = read_only.get(&format!("/api/v1/invoices?limit=10&after={cursor}")).await;
    assert_eq!(rest.body["items"].as_array().unwrap().len(), 3);
    assert!(rest.body.get("nextCursor").is_none());
    assert_eq!(read_only.get("/api/v1/invoices?after=nonsense").await.status, StatusCode::UNPROCESSABLE_ENTITY);

    let pdf = read_only
        .client
        .http
        .get(read_only.client.url(&format!("/api/v1/invoices/{}/pdf", ids[2])))
        .send()
        .await
        .unwrap();
    assert_eq!(pdf.status(), StatusCode::OK);
    let disposition = pdf.headers()["content-disposition"].to_str().unwrap().to_owned();
    assert!(disposition.contains("inv-00002-"), "{disposition}");
    let bytes = pdf.bytes().await.unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    assert!(bytes.windows(9).any(|w| w == b"INV-00002"));
    let audit = t.s.owner.get("/api/v1/audit?action=invoice.downloaded").await;
    assert_eq!(audit.body["entries"].as_array().unwrap().len(), 1, "{}", audit.text);

    // The patient's timeline shows invoices and payments to those who read billing only.
    let timeline = t.s.desk.get(&format!("/api/v1/patients/{}/timeline", t.s.patient)).await;
    let kinds: Vec<&str> =
        timeline.body["entries"].as_array().unwrap().iter().map(|e| e["kind"].as_str().unwrap()).collect();
    assert!(kinds.contains(&"invoice") && kinds.contains(&"payment"), "{kinds:?}");
    let md = t.md.get(&format!("/api/v1/patients/{}/timeline", t.s.patient)).await;
    assert!(!md.text.contains("\"invoice\""), "{}", md.text);
}

#[tokio::test]
async fn billing_settings_number_forward_only_and_tax_what_they_say() {
    let app = TestApp::spawn().await;
    let t = billing(&app).await;
    let url = "/api/v1/settings/billing";
    let s = t.s.owner.get(url).await;
    assert_eq!((s.body["invoicePrefix"].as_str(), s.body["nextInvoiceNumber"].as_i64()), (Some("INV"), Some(1)));
    let mut body = json!({
        "taxRateBp": 887, "taxServices": false, "taxProducts": true, "invoicePrefix": "lss", "nextInvoiceNumber": 1000,
        "clinicAddress": "100 Example Ave\nSpringfield", "clinicPhone": "(555) 010-0199"
    });
    let saved = t.s.owner.put(url, &body).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.text);
    assert_eq!(saved.body["invoicePrefix"], "LSS");
    body["nextInvoiceNumber"] = json!(999);
    assert_eq!(t.s.owner.put(url, &body).await.body["fields"][0]["code"], "too_low");
    body["nextInvoiceNumber"] = json!(1000);
    body["invoicePrefix"] = json!("no spaces");
    assert_eq!(t.s.owner.put(url, &body).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(t.s.desk.put(url, &body).await.status, StatusCode::FORBIDDEN);

    let invoice = t.s.desk.post("/api/v1/invoices", &json!({ "patientId": t.s.patient })).await;
    assert_eq!(invoice.body["taxRateBp"], 887);
    let invoice = id(&invoice.body);
    let lines = json!({
        "lines": [{ "kind": "product", "description": "SPF 40", "productId": t.product, "quantityMilli": 1000, "unitPriceCents": 4800, "taxable": true }],
        "discountKind": "none",
    });
    let taxed = t.s.desk.put(&format!("/api/v1/invoices/{invoice}"), &lines).await;
    assert_eq!(taxed.body["taxCents"], 426, "4,800 × 8.87 % = 425.76 → 426");
    let mut exempt = lines.clone();
    exempt["taxExempt"] = json!(true);
    assert_eq!(t.s.desk.put(&format!("/api/v1/invoices/{invoice}"), &exempt).await.body["taxCents"], 0);
    let issued = t.s.desk.post(&format!("/api/v1/invoices/{invoice}/issue"), &json!({})).await;
    assert_eq!(issued.body["number"], "LSS-01000");
}

#[tokio::test]
async fn twenty_taps_on_check_out_at_once_make_one_invoice() {
    let app = TestApp::spawn().await;
    let t = billing(&app).await;
    t.charted().await;
    let tap = |who: Session| {
        let path = format!("/api/v1/appointments/{}/checkout", t.appointment);
        async move { who.post(&path, &json!({})).await }
    };
    let replies = join_all((0..20).map(|i| tap(if i % 2 == 0 { t.s.desk.clone() } else { t.riley.clone() }))).await;
    let made = replies.iter().filter(|r| r.status == StatusCode::CREATED).count();
    assert!(replies.iter().all(|r| r.status.is_success()), "{:?}", replies.iter().map(|r| &r.text).collect::<Vec<_>>());
    assert_eq!(made, 1, "exactly one tap made the invoice");
    let first = &replies[0].body["id"];
    assert!(replies.iter().all(|r| &r.body["id"] == first), "every tap answers with the same invoice");
    let list = t.s.desk.get(&format!("/api/v1/invoices?patientId={}", t.s.patient)).await;
    assert_eq!(list.body["totals"]["count"], 1);
}

/// The totals of any date range, with or without a status filter, add up exactly the invoices
/// dated within it, whether the range is whole days, part days or open-ended, and the running
/// day sums behind them always equal the invoices grouped by day and status.
#[tokio::test]
async fn totals_over_any_range_add_up_the_invoices_dated_in_it() {
    let month = std::time::Duration::from_secs(30 * 24 * 3600);
    let app = TestApp::spawn_with(|c| {
        c.session_idle_timeout = month;
        c.session_absolute_timeout = month;
    })
    .await;
    let t = billing(&app).await;
    let base = (app.now() + chrono::Duration::days(2)).date_naive().and_time(chrono::NaiveTime::MIN).and_utc();
    let at = |minutes: i64| base + chrono::Duration::minutes(minutes);
    // One invoice is made the evening before and issued two days later, so it changes day.
    app.clock.set(at(-30));
    let moved = draft(&t.s.desk, &t.s.patient, 7_700).await;
    for (i, minutes) in [-20, 0, 1, 600, 1439, 1440, 1441, 2000, 2910].into_iter().enumerate() {
        app.clock.set(at(minutes));
        if minutes == 2000 {
            let r = t.s.desk.post(&format!("/api/v1/invoices/{moved}/issue"), &json!({})).await;
            assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        }
        let invoice =
            draft(&t.s.desk, if i % 2 == 0 { &t.s.patient } else { &t.s.patient2 }, 1_000 * (i as i64 + 1)).await;
        if i % 4 == 3 {
            continue;
        }
        t.s.desk.post(&format!("/api/v1/invoices/{invoice}/issue"), &json!({})).await;
        match i % 4 {
            1 => assert_eq!(pay(&t.s.desk, &invoice, "payment", 500).await.status, StatusCode::OK),
            2 => {
                assert_eq!(pay(&t.s.desk, &invoice, "payment", 1_000 * (i as i64 + 1)).await.status, StatusCode::OK);
                assert_eq!(pay(&t.s.desk, &invoice, "refund", 300).await.status, StatusCode::OK);
            }
            _ if i == 8 => {
                let r =
                    t.s.desk
                        .post(&format!("/api/v1/invoices/{invoice}/void"), &json!({ "reason": "Entered twice" }))
                        .await;
                assert_eq!(r.status, StatusCode::OK, "{}", r.text);
            }
            _ => {}
        }
    }

    let all = t.s.owner.get("/api/v1/invoices?limit=100").await;
    let items = all.body["items"].as_array().unwrap().clone();
    assert_eq!(items.len(), 10, "{}", all.text);
    let expected =
        |from: Option<chrono::DateTime<chrono::Utc>>, to: Option<chrono::DateTime<chrono::Utc>>, open: bool| {
            let mut sums = [0i64; 4];
            for i in &items {
                let dated: chrono::DateTime<chrono::Utc> = i["datedAt"].as_str().unwrap().parse().unwrap();
                let status = i["status"].as_str().unwrap();
                if from.is_some_and(|f| dated < f) || to.is_some_and(|e| dated >= e) {
                    continue;
                }
                if open && !["unpaid", "partially_paid"].contains(&status) {
                    continue;
                }
                let cents = |k: &str| i[k].as_i64().unwrap();
                sums[0] += 1;
                if !["draft", "void"].contains(&status) {
                    sums[1] += cents("totalCents");
                    sums[2] += cents("paidCents") - cents("refundedCents");
                }
                if ["unpaid", "partially_paid"].contains(&status) {
                    sums[3] += cents("totalCents") - cents("paidCents");
                }
            }
            sums
        };
    let bounds =
        [None, Some(at(-60)), Some(at(0)), Some(at(1)), Some(at(600)), Some(at(1440)), Some(at(1441)), Some(at(3000))];
    let param = |name: &str, v: Option<chrono::DateTime<chrono::Utc>>| {
        v.map(|v| format!("&{name}={}", v.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))).unwrap_or_default()
    };
    for from in bounds {
        for to in bounds {
            for open in [false, true] {
                let statuses = if open { "&status=unpaid&status=partially_paid" } else { "" };
                let path = format!("/api/v1/invoices?limit=1{statuses}{}{}", param("from", from), param("to", to));
                let r = t.s.owner.get(&path).await;
                if from.zip(to).is_some_and(|(f, e)| f >= e) {
                    continue;
                }
                assert_eq!(r.status, StatusCode::OK, "{path}: {}", r.text);
                let totals = &r.body["totals"];
                let got = ["count", "invoicedCents", "collectedCents", "outstandingCents"]
                    .map(|k| totals[k].as_i64().unwrap());
                assert_eq!(got, expected(from, to, open), "{path}");
            }
        }
    }

    let mut tx = app.tenant_write(&t.s.c.clinic).await;
    let kept: Vec<(String, String, i64, i64, i64, i64)> = tx
        .fetch_all(
            Sql::each(
                "select day::text, status, invoice_count, total_cents, paid_cents, refunded_cents \
                 from invoice_day_totals where invoice_count <> 0 order by 1, 2",
                "select day, status, invoice_count, total_cents, paid_cents, refunded_cents \
                 from invoice_day_totals where invoice_count <> 0 order by 1, 2",
            ),
            vec![],
        )
        .await
        .unwrap();
    let grouped: Vec<(String, String, i64, i64, i64, i64)> = tx
        .fetch_all(
            Sql::each(
                "select (dated_at at time zone 'UTC')::date::text, status, count(*), sum(total_cents)::bigint, \
                 sum(paid_cents)::bigint, sum(refunded_cents)::bigint from invoices group by 1, 2 order by 1, 2",
                "select substr(dated_at, 1, 10), status, count(*), sum(total_cents), sum(paid_cents), \
                 sum(refunded_cents) from invoices group by 1, 2 order by 1, 2",
            ),
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(kept, grouped);
    let emptied: i64 = tx
        .fetch_scalar(
            "select count(*) from invoice_day_totals where invoice_count = 0 \
             and (total_cents <> 0 or paid_cents <> 0 or refunded_cents <> 0)",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(emptied, 0);
}
