//! Every operation in the RBAC table that changes data, or that reads charts, photos or medical
//! information, writes at least one audit row when it succeeds. Each such operation has a
//! scenario here that makes it succeed, and the clinic's audit log must grow across that one
//! call. An auditable operation without a scenario fails the test, so a new one can't be
//! added without showing that it audits.

use chrono::{DateTime, Duration, TimeZone, Utc};
use contour::auth::Role;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::charting::{Charting, charting, png, upload};
use crate::helpers::{OWNER_PASSWORD, Reply, STAFF_PASSWORD, Session, TestApp};
use crate::rbac::{OPERATIONS, Rule};

/// Reads that are audited: charts, photos, medical information, and the sign-off queue.
const AUDITED_READS: &[&str] = &["charts:read", "photos:read", "patient_medical:read", "charts:sign"];

/// Reads of single records that are audited although their permission's other reads are not:
/// opening or downloading a signed consent, downloading an invoice.
const AUDITED_READ_OPERATIONS: &[&str] = &["consents.get", "consents.pdf", "invoices.pdf"];

fn auditable(rule: Rule, id: &str) -> bool {
    match rule {
        Rule::Needs(perm) => {
            !perm.ends_with(":read") || AUDITED_READS.contains(&perm) || AUDITED_READ_OPERATIONS.contains(&id)
        }
        // Signing in, signing out and changing one's password are audited; `me` only reads, and
        // confirming one's password changes nothing (a wrong one is recorded).
        Rule::SignedIn => id != "auth.me" && id != "auth.confirm",
        Rule::Public => id == "auth.login",
        Rule::Platform => false,
    }
}

/// A day after the test Wednesday, at 10:00 in Los Angeles.
fn day(n: i64) -> DateTime<Utc> {
    chrono_tz::America::Los_Angeles.with_ymd_and_hms(2026, 12, 9, 10, 0, 0).unwrap().with_timezone(&Utc)
        + Duration::days(n)
}

/// One call to make: who makes it, and what.
struct Call {
    who: Session,
    method: Method,
    path: String,
    body: Option<Value>,
    photo: bool,
}

fn call(who: &Session, method: Method, path: impl Into<String>, body: Option<Value>) -> Call {
    Call { who: who.clone(), method, path: path.into(), body, photo: false }
}

struct Fixture {
    t: Charting,
    app_owner_email: String,
    /// Days used so far for new visits, so none clash.
    days: std::cell::Cell<i64>,
}

fn id(reply: &Reply, pointer: &str) -> String {
    reply
        .body
        .pointer(pointer)
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("no {pointer} in {}", reply.text))
        .to_owned()
}

impl Fixture {
    async fn patient(&self) -> String {
        let p = self
            .t
            .s
            .desk
            .post("/api/v1/patients", &json!({ "firstName": "Audit", "lastName": "Probe", "allowDuplicate": true }))
            .await;
        id(&p, "/id")
    }

    async fn visit(&self) -> String {
        self.days.set(self.days.get() + 1);
        let body = json!({ "patientId": self.t.s.patient, "providerId": self.t.s.riley, "serviceId": self.t.s.consult, "startsAt": day(self.days.get()) });
        let r = self.t.s.desk.post("/api/v1/appointments", &body).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
        id(&r, "/appointment/id")
    }

    /// A draft chart of a new visit, with one injection charted.
    async fn draft(&self) -> String {
        let visit = self.visit().await;
        let opened = self.t.riley.post(&format!("/api/v1/appointments/{visit}/chart"), &json!({})).await;
        let chart = id(&opened, "/chartId");
        let entry = json!({ "area": "Glabella", "productId": self.t.product, "lotId": self.t.lot, "dose": "20" });
        let e = self.t.riley.post(&format!("/api/v1/charts/{chart}/entries"), &entry).await;
        assert_eq!(e.status, StatusCode::OK, "{}", e.text);
        chart
    }

    async fn submitted(&self) -> String {
        let chart = self.draft().await;
        let r = self.t.riley.post(&format!("/api/v1/charts/{chart}/submit"), &json!({})).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        chart
    }

    async fn signed(&self) -> String {
        let chart = self.submitted().await;
        let r = self.t.md.post(&format!("/api/v1/charts/{chart}/sign"), &json!({})).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        chart
    }

    async fn photo(&self) -> String {
        let chart = self.draft().await;
        id(&upload(&self.t.riley, &chart, png(60, 40, 5), "p.png").await, "/id")
    }

    /// A consent template no service requires (so other scenarios' charts still submit).
    async fn consent_template(&self) -> Value {
        let body = json!({ "name": format!("Consent {}", uuid::Uuid::now_v7()), "kind": "general", "body": "I agree.", "serviceIds": [] });
        let r = self.t.s.owner.post("/api/v1/consent-templates", &body).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        r.body["template"].clone()
    }

    /// A consent signed at a new visit; returns its id.
    async fn signed_consent(&self, kind: &str) -> String {
        let template = self.consent_template().await;
        if kind != "general" {
            let mut change = template.clone();
            change["kind"] = json!(kind);
            self.t
                .s
                .owner
                .put(&format!("/api/v1/consent-templates/{}", template["id"].as_str().unwrap()), &change)
                .await;
        }
        let visit = self.visit().await;
        let body = json!({ "templateVersionId": template["versionId"], "signerName": "Audit Probe", "strokes": [[[10, 10], [400, 300]]] });
        let r = self.t.s.desk.post(&format!("/api/v1/appointments/{visit}/consents"), &body).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        id(&r, "/id")
    }

    /// A new visit's invoice (a draft of its consultation).
    async fn invoice(&self) -> String {
        let visit = self.visit().await;
        let r = self.t.s.desk.post(&format!("/api/v1/appointments/{visit}/checkout"), &json!({})).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
        id(&r, "/id")
    }

    /// An issued invoice with a $20 cash payment on it; returns it and the payment.
    async fn paid_invoice(&self) -> (String, String) {
        let invoice = self.invoice().await;
        let line = json!({ "lines": [{ "kind": "other", "description": "Consultation fee", "quantityMilli": 1000, "unitPriceCents": 5000, "taxable": false }], "discountKind": "none" });
        let r = self.t.s.desk.put(&format!("/api/v1/invoices/{invoice}"), &line).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        let r = self.t.s.desk.post(&format!("/api/v1/invoices/{invoice}/issue"), &json!({})).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        let body = json!({ "method": "cash", "amountCents": 2000 });
        let r = self.t.s.desk.post(&format!("/api/v1/invoices/{invoice}/payments"), &body).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        (invoice, id(&r, "/payments/0/id"))
    }

    /// A monthly membership plan with a $20 credit each month.
    async fn plan(&self) -> String {
        let n = self.days.get();
        self.days.set(n + 1);
        let body = json!({ "kind": "membership", "name": format!("Glow Club {n}"), "priceCents": 9900, "billingInterval": "month", "benefits": [{ "creditKind": "money", "amountCents": 2000 }] });
        let r = self.t.s.owner.post("/api/v1/membership-plans", &body).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        id(&r, "/id")
    }

    /// The patient enrolled in a new plan.
    async fn membership(&self) -> String {
        let plan = self.plan().await;
        let r = self
            .t
            .s
            .desk
            .post(&format!("/api/v1/patients/{}/memberships", self.t.s.patient), &json!({ "planId": plan }))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        id(&r, "/id")
    }

    async fn staff_member(&self, app: &TestApp) -> (String, String) {
        let (email, id) = self.t.s.c.add_staff(app, Role::FrontDesk).await;
        (email, id.to_string())
    }

    /// Sets up what `op` needs and returns the one call that must be audited.
    async fn prepare(&self, app: &TestApp, op: &str) -> Call {
        let t = &self.t;
        let (owner, desk, riley, md) = (&t.s.owner.clone(), &t.s.desk.clone(), &t.riley.clone(), &t.md.clone());
        use Method as M;
        match op {
            "auth.login" => call(
                &t.s.c.anonymous(app),
                M::POST,
                "/api/v1/auth/login",
                Some(json!({ "email": self.app_owner_email, "password": OWNER_PASSWORD })),
            ),
            "auth.logout" => {
                let (email, _) = self.staff_member(app).await;
                call(&t.s.c.sign_in(app, &email, STAFF_PASSWORD).await, M::POST, "/api/v1/auth/logout", None)
            }
            "auth.change_password" => {
                let (email, _) = self.staff_member(app).await;
                let who = t.s.c.sign_in(app, &email, STAFF_PASSWORD).await;
                let body = json!({ "currentPassword": STAFF_PASSWORD, "newPassword": "a-new-long-password-2" });
                call(&who, M::POST, "/api/v1/me/password", Some(body))
            }
            "patients.create" => {
                call(desk, M::POST, "/api/v1/patients", Some(json!({ "firstName": "Nova", "lastName": "Auditson" })))
            }
            "patients.update" => {
                let p = self.patient().await;
                call(desk, M::PATCH, format!("/api/v1/patients/{p}"), Some(json!({ "preferredName": "Nov" })))
            }
            "patients.archive" => {
                let p = self.patient().await;
                call(owner, M::POST, format!("/api/v1/patients/{p}/archive"), None)
            }
            "patients.restore" => {
                let p = self.patient().await;
                owner.post(&format!("/api/v1/patients/{p}/archive"), &json!({})).await;
                call(owner, M::POST, format!("/api/v1/patients/{p}/restore"), None)
            }
            "tags.create" => {
                call(desk, M::POST, "/api/v1/tags", Some(json!({ "name": "Audited", "color": "#123456" })))
            }
            "tags.update" | "tags.delete" | "patients.add_tag" | "patients.remove_tag" => {
                let tag = id(
                    &desk.post("/api/v1/tags", &json!({ "name": format!("Tag {op}"), "color": "#654321" })).await,
                    "/id",
                );
                let p = self.patient().await;
                match op {
                    "tags.update" => call(
                        desk,
                        M::PUT,
                        format!("/api/v1/tags/{tag}"),
                        Some(json!({ "name": format!("Renamed {op}"), "color": "#111111" })),
                    ),
                    "tags.delete" => call(desk, M::DELETE, format!("/api/v1/tags/{tag}"), None),
                    "patients.add_tag" => call(desk, M::PUT, format!("/api/v1/patients/{p}/tags/{tag}"), None),
                    _ => {
                        desk.put(&format!("/api/v1/patients/{p}/tags/{tag}"), &json!({})).await;
                        call(desk, M::DELETE, format!("/api/v1/patients/{p}/tags/{tag}"), None)
                    }
                }
            }
            "patients.list_allergies"
            | "patients.add_allergy"
            | "patients.update_allergy"
            | "patients.remove_allergy" => {
                let p = self.patient().await;
                let allergy = json!({ "substance": "Lidocaine", "severity": "moderate" });
                match op {
                    "patients.list_allergies" => call(desk, M::GET, format!("/api/v1/patients/{p}/allergies"), None),
                    "patients.add_allergy" => {
                        call(desk, M::POST, format!("/api/v1/patients/{p}/allergies"), Some(allergy))
                    }
                    _ => {
                        let a = id(&desk.post(&format!("/api/v1/patients/{p}/allergies"), &allergy).await, "/id");
                        let path = format!("/api/v1/patients/{p}/allergies/{a}");
                        if op == "patients.update_allergy" {
                            call(desk, M::PUT, path, Some(json!({ "substance": "Latex", "severity": "mild" })))
                        } else {
                            call(desk, M::DELETE, path, None)
                        }
                    }
                }
            }
            "patients.list_notes" | "patients.add_note" | "patients.update_note" | "patients.remove_note" => {
                let p = self.patient().await;
                let note = json!({ "body": "Prefers numbing cream." });
                match op {
                    "patients.list_notes" => call(riley, M::GET, format!("/api/v1/patients/{p}/notes"), None),
                    "patients.add_note" => call(riley, M::POST, format!("/api/v1/patients/{p}/notes"), Some(note)),
                    _ => {
                        let n = id(&riley.post(&format!("/api/v1/patients/{p}/notes"), &note).await, "/id");
                        let path = format!("/api/v1/patients/{p}/notes/{n}");
                        if op == "patients.update_note" {
                            call(riley, M::PUT, path, Some(json!({ "body": "Prefers ice." })))
                        } else {
                            call(riley, M::DELETE, path, None)
                        }
                    }
                }
            }
            "appointments.create" => {
                self.days.set(self.days.get() + 1);
                let body = json!({ "patientId": t.s.patient2, "providerId": t.s.jordan, "serviceId": t.s.consult, "startsAt": day(self.days.get()) });
                call(desk, M::POST, "/api/v1/appointments", Some(body))
            }
            "appointments.update" | "appointments.set_status" | "appointments.cancel" => {
                let a = self.visit().await;
                match op {
                    "appointments.update" => call(
                        desk,
                        M::PATCH,
                        format!("/api/v1/appointments/{a}"),
                        Some(json!({ "notes": "Running late" })),
                    ),
                    "appointments.set_status" => call(
                        desk,
                        M::POST,
                        format!("/api/v1/appointments/{a}/status"),
                        Some(json!({ "status": "confirmed" })),
                    ),
                    _ => call(
                        desk,
                        M::POST,
                        format!("/api/v1/appointments/{a}/cancel"),
                        Some(json!({ "reason": "Unwell" })),
                    ),
                }
            }
            "rooms.create" => call(owner, M::POST, "/api/v1/rooms", Some(json!({ "name": "Audit room" }))),
            "rooms.update" | "rooms.archive" | "rooms.restore" => {
                let r = id(&owner.post("/api/v1/rooms", &json!({ "name": format!("Room {op}") })).await, "/id");
                match op {
                    "rooms.update" => call(
                        owner,
                        M::PUT,
                        format!("/api/v1/rooms/{r}"),
                        Some(json!({ "name": format!("Room {op} 2") })),
                    ),
                    "rooms.archive" => call(owner, M::POST, format!("/api/v1/rooms/{r}/archive"), None),
                    _ => {
                        owner.post(&format!("/api/v1/rooms/{r}/archive"), &json!({})).await;
                        call(owner, M::POST, format!("/api/v1/rooms/{r}/restore"), None)
                    }
                }
            }
            "services.create" | "services.update" | "services.archive" | "services.restore" => {
                let service = |name: String| json!({ "name": name, "category": "Skin", "durationMinutes": 30, "priceCents": 100, "color": "#336699", "chartKind": "skin" });
                if op == "services.create" {
                    return call(owner, M::POST, "/api/v1/services", Some(service("Audit facial".into())));
                }
                let s = id(&owner.post("/api/v1/services", &service(format!("Service {op}"))).await, "/id");
                match op {
                    "services.update" => {
                        call(owner, M::PUT, format!("/api/v1/services/{s}"), Some(service(format!("Service {op} 2"))))
                    }
                    "services.archive" => call(owner, M::POST, format!("/api/v1/services/{s}/archive"), None),
                    _ => {
                        owner.post(&format!("/api/v1/services/{s}/archive"), &json!({})).await;
                        call(owner, M::POST, format!("/api/v1/services/{s}/restore"), None)
                    }
                }
            }
            "providers.update" => call(
                owner,
                M::PUT,
                format!("/api/v1/providers/{}", t.s.jordan),
                Some(json!({ "color": "#7048e8", "bookableOnline": false })),
            ),
            "providers.set_hours" => {
                let hours = json!({ "hours": [{ "weekday": 1, "start": "10:00", "end": "16:00" }] });
                call(owner, M::PUT, format!("/api/v1/providers/{}/hours", t.s.jordan), Some(hours))
            }
            "providers.set_services" => call(
                owner,
                M::PUT,
                format!("/api/v1/providers/{}/services", t.s.jordan),
                Some(json!({ "serviceIds": [t.s.consult] })),
            ),
            "time_off.create" | "time_off.delete" => {
                let body = json!({ "startsAt": day(40), "endsAt": day(41), "reason": "Holiday" });
                let path = format!("/api/v1/providers/{}/time-off", t.s.jordan);
                if op == "time_off.create" {
                    return call(owner, M::POST, path, Some(body));
                }
                let off = id(&owner.post(&path, &body).await, "/id");
                call(owner, M::DELETE, format!("/api/v1/time-off/{off}"), None)
            }
            "online_booking.update" => {
                let body = json!({ "enabled": true, "leadMinutes": 60, "horizonDays": 30, "slotMinutes": 15 });
                call(owner, M::PUT, "/api/v1/online-booking", Some(body))
            }
            "products.create" | "products.update" | "products.archive" | "products.restore" | "lots.create" => {
                let product = |name: String| json!({ "name": name, "kind": "filler", "defaultUnit": "syringes" });
                if op == "products.create" {
                    return call(owner, M::POST, "/api/v1/products", Some(product("Audit filler".into())));
                }
                let p = id(&owner.post("/api/v1/products", &product(format!("Product {op}"))).await, "/id");
                match op {
                    "products.update" => {
                        call(owner, M::PUT, format!("/api/v1/products/{p}"), Some(product(format!("Product {op} 2"))))
                    }
                    "products.archive" => call(owner, M::POST, format!("/api/v1/products/{p}/archive"), None),
                    "products.restore" => {
                        owner.post(&format!("/api/v1/products/{p}/archive"), &json!({})).await;
                        call(owner, M::POST, format!("/api/v1/products/{p}/restore"), None)
                    }
                    _ => call(
                        owner,
                        M::POST,
                        format!("/api/v1/products/{p}/lots"),
                        Some(json!({ "lotNumber": "AUD-1", "expiresOn": "2027-12-31" })),
                    ),
                }
            }
            "lots.update" | "lots.archive" => {
                let lot = id(
                    &owner
                        .post(
                            &format!("/api/v1/products/{}/lots", t.product),
                            &json!({ "lotNumber": format!("L-{op}"), "expiresOn": "2027-12-31" }),
                        )
                        .await,
                    "/id",
                );
                if op == "lots.update" {
                    call(
                        owner,
                        M::PUT,
                        format!("/api/v1/lots/{lot}"),
                        Some(json!({ "lotNumber": format!("L-{op}"), "expiresOn": "2027-11-30" })),
                    )
                } else {
                    call(owner, M::POST, format!("/api/v1/lots/{lot}/archive"), None)
                }
            }
            "lots.uses" => {
                self.draft().await;
                call(riley, M::GET, format!("/api/v1/lots/{}/uses", t.lot), None)
            }
            "charts.open_for_appointment" => {
                let a = self.visit().await;
                call(riley, M::POST, format!("/api/v1/appointments/{a}/chart"), None)
            }
            "charts.create" => call(
                riley,
                M::POST,
                format!("/api/v1/patients/{}/charts", t.s.patient2),
                Some(json!({ "templateKind": "general" })),
            ),
            "charts.list_for_patient" => call(riley, M::GET, format!("/api/v1/patients/{}/charts", t.s.patient), None),
            "charts.get"
            | "charts.update"
            | "charts.add_entry"
            | "charts.update_entry"
            | "charts.remove_entry"
            | "charts.submit"
            | "photos.upload" => {
                let chart = self.draft().await;
                let entry = json!({ "area": "Forehead", "productId": t.product, "lotId": t.lot, "dose": "10" });
                match op {
                    "charts.get" => call(riley, M::GET, format!("/api/v1/charts/{chart}"), None),
                    "charts.update" => call(
                        riley,
                        M::PATCH,
                        format!("/api/v1/charts/{chart}"),
                        Some(json!({ "technique": "Diluted 2.5 mL." })),
                    ),
                    "charts.add_entry" => call(riley, M::POST, format!("/api/v1/charts/{chart}/entries"), Some(entry)),
                    "charts.submit" => call(riley, M::POST, format!("/api/v1/charts/{chart}/submit"), None),
                    "photos.upload" => Call { photo: true, ..call(riley, M::POST, chart, None) },
                    _ => {
                        let e = id(&riley.post(&format!("/api/v1/charts/{chart}/entries"), &entry).await, "/id");
                        let path = format!("/api/v1/charts/{chart}/entries/{e}");
                        if op == "charts.update_entry" {
                            call(
                                riley,
                                M::PUT,
                                path,
                                Some(json!({ "area": "Chin", "productId": t.product, "lotId": t.lot, "dose": "4" })),
                            )
                        } else {
                            call(riley, M::DELETE, path, None)
                        }
                    }
                }
            }
            "charts.sign" => {
                let chart = self.submitted().await;
                call(md, M::POST, format!("/api/v1/charts/{chart}/sign"), None)
            }
            "charts.return" => {
                let chart = self.submitted().await;
                call(
                    md,
                    M::POST,
                    format!("/api/v1/charts/{chart}/return"),
                    Some(json!({ "comment": "Add the dilution." })),
                )
            }
            "charts.queue" => {
                self.submitted().await;
                call(md, M::GET, "/api/v1/signoff-queue", None)
            }
            "charts.add_addendum" | "charts.verify" => {
                let chart = self.signed().await;
                if op == "charts.verify" {
                    call(md, M::GET, format!("/api/v1/charts/{chart}/verify"), None)
                } else {
                    call(
                        riley,
                        M::POST,
                        format!("/api/v1/charts/{chart}/addenda"),
                        Some(json!({ "body": "Called to check in." })),
                    )
                }
            }
            "photos.url" | "photos.update" | "photos.remove" | "photos.annotations" | "photos.annotate"
            | "photos.chart_urls" => {
                let photo = self.photo().await;
                match op {
                    "photos.url" => call(riley, M::GET, format!("/api/v1/photos/{photo}/url"), None),
                    "photos.update" => call(
                        riley,
                        M::PATCH,
                        format!("/api/v1/photos/{photo}"),
                        Some(json!({ "phase": "after", "view": "front" })),
                    ),
                    "photos.remove" => call(riley, M::DELETE, format!("/api/v1/photos/{photo}"), None),
                    "photos.annotations" => call(riley, M::GET, format!("/api/v1/photos/{photo}/annotations"), None),
                    "photos.annotate" => call(
                        riley,
                        M::POST,
                        format!("/api/v1/photos/{photo}/annotations"),
                        Some(json!({ "overlay": { "version": 1, "shapes": [] } })),
                    ),
                    _ => {
                        let charts = riley.get(&format!("/api/v1/patients/{}/charts", t.s.patient)).await;
                        let with_photo = charts
                            .body
                            .as_array()
                            .unwrap()
                            .iter()
                            .find(|c| c["photoCount"].as_i64() > Some(0))
                            .unwrap();
                        call(
                            riley,
                            M::GET,
                            format!("/api/v1/charts/{}/photo-urls", with_photo["id"].as_str().unwrap()),
                            None,
                        )
                    }
                }
            }
            "consent_templates.create" => {
                let body = json!({ "name": "Audit consent", "kind": "general", "body": "I agree." });
                call(owner, M::POST, "/api/v1/consent-templates", Some(body))
            }
            "consent_templates.update" | "consent_templates.archive" | "consent_templates.restore" => {
                let template = self.consent_template().await;
                let path = format!("/api/v1/consent-templates/{}", template["id"].as_str().unwrap());
                match op {
                    "consent_templates.update" => {
                        let mut change = template.clone();
                        change["body"] = json!("I agree, reworded.");
                        call(owner, M::PUT, path, Some(change))
                    }
                    "consent_templates.archive" => call(owner, M::POST, format!("{path}/archive"), None),
                    _ => {
                        owner.post(&format!("{path}/archive"), &json!({})).await;
                        call(owner, M::POST, format!("{path}/restore"), None)
                    }
                }
            }
            "consents.sign" | "consents.link" => {
                let template = self.consent_template().await;
                let visit = self.visit().await;
                if op == "consents.link" {
                    return call(desk, M::POST, format!("/api/v1/appointments/{visit}/consent-link"), None);
                }
                let body = json!({ "templateVersionId": template["versionId"], "signerName": "Audit Probe", "strokes": [[[10, 10], [400, 300]]] });
                call(desk, M::POST, format!("/api/v1/appointments/{visit}/consents"), Some(body))
            }
            "consents.get" | "consents.pdf" | "consents.revoke" => {
                let consent = self.signed_consent("general").await;
                match op {
                    "consents.get" => call(md, M::GET, format!("/api/v1/consents/{consent}"), None),
                    "consents.pdf" => call(desk, M::GET, format!("/api/v1/consents/{consent}/pdf"), None),
                    _ => call(
                        desk,
                        M::POST,
                        format!("/api/v1/consents/{consent}/revoke"),
                        Some(json!({ "reason": "Signed by the wrong patient." })),
                    ),
                }
            }
            "photos.marketing_export" => {
                self.signed_consent("photography").await;
                let photo = self.photo().await;
                call(riley, M::POST, format!("/api/v1/photos/{photo}/marketing-export"), None)
            }
            "invoices.checkout" => {
                let visit = self.visit().await;
                call(desk, M::POST, format!("/api/v1/appointments/{visit}/checkout"), None)
            }
            "invoices.create" => call(desk, M::POST, "/api/v1/invoices", Some(json!({ "patientId": t.s.patient }))),
            "invoices.update" | "invoices.sync_chart" | "invoices.issue" | "invoices.void" => {
                let invoice = self.invoice().await;
                let path = format!("/api/v1/invoices/{invoice}");
                match op {
                    "invoices.update" => {
                        let body = json!({ "lines": [{ "kind": "other", "description": "Late fee", "quantityMilli": 1000, "unitPriceCents": 2500, "taxable": false }], "discountKind": "none" });
                        call(desk, M::PUT, path, Some(body))
                    }
                    "invoices.sync_chart" => call(desk, M::POST, format!("{path}/sync-chart"), None),
                    "invoices.issue" => call(desk, M::POST, format!("{path}/issue"), None),
                    _ => call(desk, M::POST, format!("{path}/void"), Some(json!({ "reason": "Booked in error." }))),
                }
            }
            "invoices.record_payment" | "invoices.void_payment" | "invoices.pdf" => {
                let (invoice, payment) = self.paid_invoice().await;
                let path = format!("/api/v1/invoices/{invoice}");
                match op {
                    "invoices.record_payment" => call(
                        desk,
                        M::POST,
                        format!("{path}/payments"),
                        Some(json!({ "method": "card", "amountCents": 1000 })),
                    ),
                    "invoices.void_payment" => call(
                        desk,
                        M::POST,
                        format!("{path}/payments/{payment}/void"),
                        Some(json!({ "reason": "Keyed twice." })),
                    ),
                    _ => call(desk, M::GET, format!("{path}/pdf"), None),
                }
            }
            "membership_plans.create" => {
                let body = json!({ "kind": "package", "name": "Three peels", "priceCents": 30000, "billingInterval": "none", "validityDays": 365, "benefits": [{ "creditKind": "service", "serviceId": t.s.botox, "quantityMilli": 3000 }] });
                call(owner, M::POST, "/api/v1/membership-plans", Some(body))
            }
            "membership_plans.update" | "membership_plans.archive" => {
                let plan = self.plan().await;
                if op == "membership_plans.archive" {
                    return call(
                        owner,
                        M::POST,
                        format!("/api/v1/membership-plans/{plan}/archive"),
                        Some(json!({ "archived": true })),
                    );
                }
                let body = json!({ "kind": "membership", "name": "Renamed club", "priceCents": 12900, "billingInterval": "month", "benefits": [{ "creditKind": "money", "amountCents": 2000 }] });
                call(owner, M::PUT, format!("/api/v1/membership-plans/{plan}"), Some(body))
            }
            "memberships.enrol" => {
                let plan = self.plan().await;
                call(
                    desk,
                    M::POST,
                    format!("/api/v1/patients/{}/memberships", t.s.patient),
                    Some(json!({ "planId": plan })),
                )
            }
            "memberships.pause" | "memberships.resume" | "memberships.cancel" | "memberships.adjust" => {
                let m = self.membership().await;
                let path = format!("/api/v1/memberships/{m}");
                match op {
                    "memberships.pause" => call(desk, M::POST, format!("{path}/pause"), None),
                    "memberships.resume" => {
                        desk.post(&format!("{path}/pause"), &json!({})).await;
                        call(desk, M::POST, format!("{path}/resume"), None)
                    }
                    "memberships.cancel" => {
                        call(desk, M::POST, format!("{path}/cancel"), Some(json!({ "reason": "Moving away." })))
                    }
                    _ => call(
                        desk,
                        M::POST,
                        format!("{path}/adjustments"),
                        Some(
                            json!({ "creditKind": "money", "amountCents": 500, "reason": "Goodwill for a late start." }),
                        ),
                    ),
                }
            }
            "billing_settings.update" => {
                let body = json!({ "taxRateBp": 800, "taxServices": false, "taxProducts": true, "invoicePrefix": "INV", "nextInvoiceNumber": 1000 });
                call(owner, M::PUT, "/api/v1/settings/billing", Some(body))
            }
            "staff.create" => {
                let body = json!({ "email": "new.hire@audit.example", "displayName": "New Hire", "role": "front_desk", "temporaryPassword": "temporary-pass-1" });
                call(owner, M::POST, "/api/v1/staff", Some(body))
            }
            "staff.update" | "staff.deactivate" | "staff.reactivate" | "staff.reset_password" => {
                let (_, s) = self.staff_member(app).await;
                match op {
                    "staff.update" => call(
                        owner,
                        M::PATCH,
                        format!("/api/v1/staff/{s}"),
                        Some(json!({ "displayName": "Renamed Person" })),
                    ),
                    "staff.deactivate" => call(owner, M::POST, format!("/api/v1/staff/{s}/deactivate"), None),
                    "staff.reactivate" => {
                        owner.post(&format!("/api/v1/staff/{s}/deactivate"), &json!({})).await;
                        call(owner, M::POST, format!("/api/v1/staff/{s}/reactivate"), None)
                    }
                    _ => call(
                        owner,
                        M::POST,
                        format!("/api/v1/staff/{s}/password-reset"),
                        Some(json!({ "temporaryPassword": "temporary-pass-2" })),
                    ),
                }
            }
            "api_tokens.create" => {
                call(owner, M::POST, "/api/v1/api-tokens", Some(json!({ "name": "Audit sync", "role": "read_only" })))
            }
            "api_tokens.revoke" => {
                let token =
                    owner.post("/api/v1/api-tokens", &json!({ "name": "To revoke", "role": "read_only" })).await;
                call(owner, M::DELETE, format!("/api/v1/api-tokens/{}", id(&token, "/token/id")), None)
            }
            "sso.update" | "sso.delete" => {
                let body = json!({ "issuerUrl": "https://login.example.com/realms/audit", "clientId": "contour", "clientSecret": "s3cret-value", "enabled": false });
                if op == "sso.update" {
                    return call(owner, M::PUT, "/api/v1/sso", Some(body));
                }
                owner.put("/api/v1/sso", &body).await;
                call(owner, M::DELETE, "/api/v1/sso", None)
            }
            other => panic!("no audit scenario for {other}: add one that makes it succeed"),
        }
    }
}

async fn audit_rows(app: &TestApp, fx: &Fixture) -> i64 {
    let mut tx = app.tenant_write(&fx.t.s.c.clinic).await;
    tx.fetch_scalar::<i64>("select count(*) from audit_log", vec![]).await.unwrap()
}

#[tokio::test]
async fn every_change_and_every_clinical_read_writes_an_audit_row() {
    let app = TestApp::spawn().await;
    let t = charting(&app).await;
    let fx = Fixture { app_owner_email: t.s.c.owner_email(), t, days: std::cell::Cell::new(0) };
    let mut checked = 0;
    let mut failures = Vec::new();
    for (op, rule) in OPERATIONS {
        if !auditable(*rule, op) {
            continue;
        }
        let c = fx.prepare(&app, op).await;
        let before = audit_rows(&app, &fx).await;
        let reply = if c.photo {
            upload(&c.who, &c.path, png(64, 48, 7), "photo.png").await
        } else {
            c.who.request(c.method.clone(), &c.path, c.body.as_ref()).await
        };
        let after = audit_rows(&app, &fx).await;
        if !reply.status.is_success() {
            failures.push(format!("{op}: the scenario did not succeed: {} {}", reply.status, reply.text));
        } else if after <= before {
            failures.push(format!("{op} succeeded ({}) and wrote no audit row", reply.status));
        }
        checked += 1;
    }
    assert!(checked > 60, "only {checked} operations were checked");
    assert!(failures.is_empty(), "{} operations fail the audit rule:\n{}", failures.len(), failures.join("\n"));
}
