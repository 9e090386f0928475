//! Photos in an S3-compatible store, against a real S3 protocol server (`s3s-fs`, started by
//! `scripts/test` on loopback): upload, presigned links that work, and links that are refused
//! once tampered with or expired. Under `CI=true` a missing server is a failure, not a skip.

use contour::config::S3Config;
use reqwest::StatusCode;
use serde_json::json;

use crate::charting::{charting, fetch, png, upload};
use crate::helpers::TestApp;

fn s3_from_env() -> Option<S3Config> {
    let endpoint = std::env::var("CONTOUR_TEST_S3_ENDPOINT").ok().filter(|v| !v.is_empty());
    let Some(endpoint) = endpoint else {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CONTOUR_TEST_S3_ENDPOINT is not set: scripts/test starts s3s-fs for this test"
        );
        eprintln!("skipping: no S3 test server (run scripts/test)");
        return None;
    };
    Some(S3Config {
        bucket: std::env::var("CONTOUR_TEST_S3_BUCKET").unwrap_or_else(|_| "contour-test".into()),
        endpoint: Some(endpoint),
        region: Some("us-east-1".into()),
        access_key_id: std::env::var("CONTOUR_TEST_S3_ACCESS_KEY").ok(),
        secret_access_key: std::env::var("CONTOUR_TEST_S3_SECRET_KEY").ok(),
    })
}

#[tokio::test]
async fn photos_in_s3_are_served_by_presigned_links_that_expire() {
    let Some(s3) = s3_from_env() else { return };
    let app = TestApp::spawn_with(|c| {
        c.s3 = Some(s3);
        c.photo_link_lifetime = std::time::Duration::from_secs(2);
    })
    .await;
    let t = charting(&app).await;
    let opened = t.riley.post(&format!("/api/v1/appointments/{}/chart", t.appointment), &json!({})).await;
    let chart = opened.body["chartId"].as_str().unwrap().to_owned();
    let original = png(120, 80, 11);
    let up = upload(&t.riley, &chart, original.clone(), "s3.png").await;
    assert_eq!(up.status, StatusCode::OK, "{}", up.text);
    let photo = up.body["id"].as_str().unwrap().to_owned();

    let link = t.riley.get(&format!("/api/v1/photos/{photo}/url?variant=original")).await;
    let url = link.body["url"].as_str().unwrap().to_owned();
    assert!(url.contains("X-Amz-Signature="), "an S3 presigned link: {url}");
    let (status, bytes) = fetch(&t.riley, &url).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(bytes, original, "the original, byte for byte");
    let display = t.riley.get(&format!("/api/v1/photos/{photo}/url")).await;
    let (status, bytes) = fetch(&t.riley, display.body["url"].as_str().unwrap()).await;
    assert_eq!(status, StatusCode::OK);
    assert!(bytes.starts_with(&[0xff, 0xd8, 0xff]));

    let tampered = url.replace("/original?", "/display.jpg?");
    assert_eq!(fetch(&t.riley, &tampered).await.0, StatusCode::FORBIDDEN, "a link for one object only");
    let unsigned = url.split('?').next().unwrap().to_owned();
    assert_eq!(fetch(&t.riley, &unsigned).await.0, StatusCode::FORBIDDEN, "no anonymous reads");

    tokio::time::sleep(std::time::Duration::from_millis(3100)).await;
    assert_eq!(fetch(&t.riley, &url).await.0, StatusCode::FORBIDDEN, "expired");

    // Verification reads the original back from S3.
    t.riley
        .post(
            &format!("/api/v1/charts/{chart}/entries"),
            &json!({ "area": "Glabella", "productId": t.product, "lotId": t.lot, "dose": "20" }),
        )
        .await;
    t.riley.post(&format!("/api/v1/charts/{chart}/submit"), &json!({})).await;
    t.md.post(&format!("/api/v1/charts/{chart}/sign"), &json!({})).await;
    let verified = t.md.get(&format!("/api/v1/charts/{chart}/verify")).await;
    assert_eq!(verified.body["matches"], true, "{}", verified.text);
}
