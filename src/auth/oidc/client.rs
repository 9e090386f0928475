//! The HTTP side of OpenID Connect: one reqwest client (no redirects followed, as the spec
//! expects) and a short cache of each issuer's discovery document and keys.

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use openidconnect::core::CoreProviderMetadata;
use openidconnect::{AsyncHttpClient, HttpRequest, HttpResponse, IssuerUrl};

#[derive(Clone)]
pub struct OidcClients {
    pub http: HttpClient,
    metadata: moka::future::Cache<String, CoreProviderMetadata>,
}

#[derive(Clone)]
pub struct HttpClient(reqwest::Client);

#[derive(Debug, thiserror::Error)]
pub enum HttpError {
    #[error("request to the identity provider failed: {0}")]
    Request(#[from] reqwest::Error),
    #[error("response from the identity provider was malformed: {0}")]
    Http(#[from] openidconnect::http::Error),
}

impl<'c> AsyncHttpClient<'c> for HttpClient {
    type Error = HttpError;
    type Future = Pin<Box<dyn Future<Output = Result<HttpResponse, Self::Error>> + Send + 'c>>;

    fn call(&'c self, request: HttpRequest) -> Self::Future {
        Box::pin(async move {
            let request = reqwest::Request::try_from(request)?;
            let response = self.0.execute(request).await?;
            let mut builder = openidconnect::http::Response::builder().status(response.status());
            for (name, value) in response.headers() {
                builder = builder.header(name, value);
            }
            let body = response.bytes().await?.to_vec();
            Ok(builder.body(body)?)
        })
    }
}

impl OidcClients {
    pub fn new() -> anyhow::Result<Self> {
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(10))
            .user_agent(concat!("contour/", env!("CARGO_PKG_VERSION")))
            .build()?;
        Ok(Self {
            http: HttpClient(http),
            metadata: moka::future::Cache::builder().max_capacity(1_000).time_to_live(Duration::from_secs(600)).build(),
        })
    }

    /// The provider's discovery document and signing keys (cached for ten minutes).
    pub async fn metadata(&self, issuer: &str) -> anyhow::Result<CoreProviderMetadata> {
        if let Some(found) = self.metadata.get(issuer).await {
            return Ok(found);
        }
        let url = IssuerUrl::new(issuer.to_owned())?;
        let metadata = CoreProviderMetadata::discover_async(url, &self.http)
            .await
            .map_err(|e| anyhow::anyhow!("discovering {issuer}: {e}"))?;
        self.metadata.insert(issuer.to_owned(), metadata.clone()).await;
        Ok(metadata)
    }

    /// Drops a cached document, e.g. after the provider's keys may have rotated.
    pub async fn forget(&self, issuer: &str) {
        self.metadata.invalidate(issuer).await;
    }
}
