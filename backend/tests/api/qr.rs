//! `GET /api/join/{code}/qr.svg`: the join link, as the caller reached the server,
//! drawn as an SVG QR code. (The browser test decodes the image; here the SVG is
//! compared with the code of the expected link.)

use crate::common;

use common::{Backend, TestApp};
use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};
use summit_shared::api::paths;
use summit_shared::Settings;

fn qr_of(link: &str) -> String {
    QrCode::with_error_correction_level(link.as_bytes(), EcLevel::M)
        .expect("encodable")
        .render::<svg::Color>()
        .quiet_zone(true)
        .module_dimensions(8, 8)
        .dark_color(svg::Color("#000000"))
        .light_color(svg::Color("#ffffff"))
        .build()
}

async fn get(app: &TestApp, path: &str, headers: &[(&str, &str)]) -> reqwest::Response {
    let mut req = app.client.get(app.url(path));
    for (name, value) in headers {
        req = req.header(*name, *value);
    }
    req.send().await.expect("send")
}

#[tokio::test]
async fn the_qr_code_is_the_join_link_and_cacheable() {
    let app = TestApp::start().await;
    let code = app
        .create_session("Q4", Settings::default())
        .await
        .join_code;
    let res = get(&app, &paths::join_qr(&code), &[]).await;
    assert_eq!(res.status(), 200);
    let header = |name: &str| res.headers()[name].to_str().expect("ascii").to_owned();
    assert_eq!(header("content-type"), "image/svg+xml");
    assert!(header("cache-control").contains("max-age"));
    assert!(header("vary").contains("Host"));
    let link = format!("{}{}", app.base, paths::page_join(&code));
    assert_eq!(res.text().await.expect("body"), qr_of(&link));

    // The code as people type it: lower case, with a dash.
    let typed = format!("{}-{}", &code[..3], &code[3..]).to_lowercase();
    let res = get(&app, &paths::join_qr(&typed), &[]).await;
    assert_eq!(res.text().await.expect("body"), qr_of(&link));
}

#[tokio::test]
async fn an_unknown_code_or_a_bad_host_is_refused() {
    let app = TestApp::start().await;
    let code = app
        .create_session("Q4", Settings::default())
        .await
        .join_code;
    let res = get(&app, &paths::join_qr("ZZZZZZ"), &[]).await;
    assert_eq!(res.status(), 404);
    let body: serde_json::Value = res.json().await.expect("json");
    assert_eq!(body["error"]["code"], "unknown_join_code");
    let res = get(
        &app,
        &paths::join_qr(&code),
        &[("host", "user@evil.example")],
    )
    .await;
    assert_eq!(res.status(), 400);
    let body: serde_json::Value = res.json().await.expect("json");
    assert_eq!(body["error"]["code"], "invalid_host");
}

#[tokio::test]
async fn https_only_when_a_trusted_proxy_says_so() {
    let https = [("host", "summit.example"), ("x-forwarded-proto", "https")];
    let app = TestApp::start().await;
    let code = app
        .create_session("Q4", Settings::default())
        .await
        .join_code;
    let res = get(&app, &paths::join_qr(&code), &https).await;
    let plain = qr_of(&format!("http://summit.example/join/{code}"));
    assert_eq!(
        res.text().await.expect("body"),
        plain,
        "no proxy is trusted"
    );

    let app = TestApp::start_configured(Backend::Sqlite, |c| {
        c.trusted_proxies = "127.0.0.1".parse().expect("a proxy list")
    })
    .await;
    let code = app
        .create_session("Q4", Settings::default())
        .await
        .join_code;
    let res = get(&app, &paths::join_qr(&code), &https).await;
    let secure = qr_of(&format!("https://summit.example/join/{code}"));
    assert_eq!(res.text().await.expect("body"), secure);
}
