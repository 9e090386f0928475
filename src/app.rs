//! The application: the API's parts, the route table and its middleware, and the server.

use poem::endpoint::BoxEndpoint;
use poem::listener::{Acceptor, Listener, TcpListener};
use poem::middleware::CatchPanic;
use poem::{EndpointExt, Route, Server, get};
use poem_openapi::OpenApiService;

use crate::http::{self, ApiError};
use crate::platform;
use crate::state::AppState;
use crate::{
    audit, auth, billing, booking, catalogue, charting, consents, memberships, patients, photos, scheduling, signoff,
    staff,
};

pub const API_VERSION: &str = env!("CARGO_PKG_VERSION");

/// The whole API, with its description.
pub fn api_service() -> OpenApiService<impl poem_openapi::OpenApi, ()> {
    let apis = (
        auth::public::ClinicApi,
        auth::api::AuthApi,
        patients::api::PatientsApi,
        patients::api::MedicalApi,
        patients::api::TagsApi,
        patients::api::TimelineApi,
        scheduling::api::AppointmentsApi,
        scheduling::api::CalendarApi,
        (scheduling::api::SettingsApi, booking::api::OnlineBookingApi),
        (catalogue::api::ProductsApi, charting::api::ChartsApi, signoff::api::SignoffApi, photos::api::PhotosApi),
        (
            consents::api::ConsentTemplatesApi,
            consents::api::ConsentsApi,
            billing::api::InvoicesApi,
            (memberships::api::PlansApi, memberships::api::MembershipsApi),
        ),
        staff::api::StaffApi,
        auth::tokens_api::ApiTokensApi,
        auth::oidc::settings::SsoApi,
        audit::api::AuditApi,
        platform::api::PlatformApi,
    );
    OpenApiService::new(apis, "Contour API", API_VERSION)
        .summary("Practice management and EMR for medical-aesthetics clinics")
        .description(include_str!("api_description.md"))
        .server("/api/v1")
}

/// The committed spec's text, as `contour openapi` prints it and `/openapi.json` serves it.
pub fn openapi_json() -> String {
    let mut spec = http::spec::normalize(&api_service().spec());
    spec.push('\n');
    spec
}

pub fn routes(state: AppState) -> BoxEndpoint<'static> {
    let api = api_service();
    let spec_text = openapi_json();
    // The reference page shows the same document as /openapi.json.
    let docs_html = std::sync::Arc::new(api.swagger_ui_html().replacen(&api.spec(), &spec_text, 1));
    let docs = move || {
        let html = docs_html.clone();
        poem::endpoint::make_sync(move |_| poem::web::Html(html.to_string()))
    };
    let spec = poem::endpoint::make_sync(move |_| {
        poem::Response::builder().content_type("application/json").body(spec_text.clone())
    });
    let trust_proxy = state.config.trust_forwarded_host;
    Route::new()
        .at("/healthz", get(http::health::healthz))
        .at("/readyz", get(http::health::readyz))
        .nest("/api/v1", api)
        .at("/auth/oidc/start", get(auth::oidc::start))
        .at("/auth/oidc/callback", get(auth::oidc::callback))
        .at("/files/*path", get(photos::files::serve))
        .nest("/book", booking::routes())
        .nest("/consent", consents::pages::routes())
        .at("/openapi.json", spec)
        .at("/api/docs", docs())
        .at("/api/docs/", docs())
        .at("/*path", get(crate::spa::app))
        .at("/", get(crate::spa::app))
        .around(platform::tenancy::resolve_site)
        .with(CatchPanic::new().with_handler(|_| {
            poem::IntoResponse::into_response(ApiError::internal(anyhow::anyhow!("handler panicked")))
        }))
        .data(state)
        .around(move |next, req| http::middleware::observe(next, req, trust_proxy))
        .boxed()
}

/// Serves until the process is told to stop (Ctrl-C or SIGTERM), finishing requests in flight.
pub async fn serve(state: AppState) -> anyhow::Result<()> {
    let addr = std::net::SocketAddr::new(state.config.bind, state.config.port);
    let acceptor = TcpListener::bind(addr).into_acceptor().await?;
    tracing::info!(%addr, "listening");
    // Membership renewals and credit expiries, every few minutes (safe on several servers).
    tokio::spawn(platform::jobs::run_forever(state.clone(), std::time::Duration::from_secs(5 * 60)));
    run(state, acceptor, shutdown_signal()).await
}

pub async fn run<A: Acceptor + 'static>(
    state: AppState,
    acceptor: A,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    Server::new_with_acceptor(acceptor)
        .run_with_graceful_shutdown(routes(state), shutdown, Some(std::time::Duration::from_secs(10)))
        .await?;
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
