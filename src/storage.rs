//! Where photo bytes live: a directory under `data_dir` by default, or any S3-compatible bucket.
//! Objects are written once, under keys the server makes, and never overwritten. They are read
//! by browsers only through short-lived signed URLs: S3 presigned URLs, or for the local store
//! our own HMAC-signed `/files/...` URLs bound to the clinic, the object and an expiry.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use bytes::Bytes;
use chrono::{DateTime, Utc};
use object_store::aws::{AmazonS3, AmazonS3Builder};
use object_store::local::LocalFileSystem;
use object_store::path::Path;
use object_store::signer::Signer;
use object_store::{Attribute, Attributes, ObjectStore, ObjectStoreExt, PutMode, PutOptions, PutPayload};
use uuid::Uuid;

use crate::config::Config;
use crate::secret::ServerSecret;

/// A key the server made: `clinics/<clinic>/photos/<photo>/<name>`. Nothing a client sends ever
/// becomes a key.
#[derive(Clone, PartialEq, Eq)]
pub struct ObjectKey {
    clinic: Uuid,
    path: String,
}

/// The objects kept for a photo: the untouched original and two derived sizes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhotoObject {
    Original,
    /// Up to 1,600 pixels on the long side, upright, JPEG.
    Display,
    /// Up to 320 pixels, upright, JPEG.
    Thumb,
}

impl PhotoObject {
    fn name(self) -> &'static str {
        match self {
            PhotoObject::Original => "original",
            PhotoObject::Display => "display.jpg",
            PhotoObject::Thumb => "thumb.jpg",
        }
    }
}

impl ObjectKey {
    pub fn photo(clinic: Uuid, photo: Uuid, object: PhotoObject) -> Self {
        Self { clinic, path: format!("clinics/{clinic}/photos/{photo}/{}", object.name()) }
    }

    /// Reads a key back (from a signed URL), accepting only the shapes the server makes.
    pub fn parse(text: &str) -> Option<Self> {
        let mut parts = text.split('/');
        let (Some("clinics"), Some(clinic), Some("photos"), Some(photo), Some(name), None) =
            (parts.next(), parts.next(), parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return None;
        };
        let clinic = Uuid::try_parse(clinic).ok()?;
        let photo = Uuid::try_parse(photo).ok()?;
        let object =
            [PhotoObject::Original, PhotoObject::Display, PhotoObject::Thumb].into_iter().find(|o| o.name() == name)?;
        let key = Self::photo(clinic, photo, object);
        (key.path == text).then_some(key)
    }

    pub fn clinic(&self) -> Uuid {
        self.clinic
    }

    pub fn as_str(&self) -> &str {
        &self.path
    }
}

impl fmt::Debug for ObjectKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.path)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("an object already exists at {0:?}")]
    AlreadyExists(ObjectKey),
    #[error("no object at {0:?}")]
    NotFound(ObjectKey),
    #[error("object store: {0}")]
    Store(#[from] object_store::Error),
}

/// Why a `/files/...` URL was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum UrlRefused {
    #[error("the link has expired")]
    Expired,
    #[error("the link is not valid")]
    Invalid,
}

enum Backend {
    Local,
    S3(Arc<AmazonS3>),
}

/// The object store plus what it takes to hand out signed URLs.
#[derive(Clone)]
pub struct Storage {
    store: Arc<dyn ObjectStore>,
    backend: Arc<Backend>,
    secret: ServerSecret,
    lifetime: Duration,
}

impl Storage {
    pub fn open(config: &Config) -> anyhow::Result<Self> {
        let secret = ServerSecret::load(config)?;
        let (store, backend): (Arc<dyn ObjectStore>, Backend) = match &config.s3 {
            Some(s3) => {
                let mut builder = AmazonS3Builder::new().with_bucket_name(&s3.bucket);
                if let Some(endpoint) = &s3.endpoint {
                    builder = builder
                        .with_endpoint(endpoint)
                        .with_allow_http(endpoint.starts_with("http://"))
                        .with_virtual_hosted_style_request(false);
                }
                builder = builder.with_region(s3.region.as_deref().unwrap_or("us-east-1"));
                if let (Some(id), Some(secret)) = (&s3.access_key_id, &s3.secret_access_key) {
                    builder = builder.with_access_key_id(id).with_secret_access_key(secret);
                }
                let s3 = Arc::new(builder.build().context("configuring the S3 object store")?);
                (s3.clone(), Backend::S3(s3))
            }
            None => {
                let root = config.data_dir.join("objects");
                std::fs::create_dir_all(&root).with_context(|| format!("creating {}", root.display()))?;
                (Arc::new(LocalFileSystem::new_with_prefix(&root)?), Backend::Local)
            }
        };
        Ok(Self { store, backend: Arc::new(backend), secret, lifetime: config.photo_link_lifetime })
    }

    /// How long the links it hands out work.
    pub fn link_lifetime(&self) -> Duration {
        self.lifetime
    }

    pub fn is_s3(&self) -> bool {
        matches!(*self.backend, Backend::S3(_))
    }

    /// Writes a new object; refuses to replace one that exists.
    pub async fn put_new(&self, key: &ObjectKey, bytes: Bytes, content_type: &str) -> Result<(), StorageError> {
        let mut attributes = Attributes::new();
        // S3 serves the type it was given; the local store has no attributes (the `/files`
        // handler reads the type from the bytes).
        if self.is_s3() {
            attributes.insert(Attribute::ContentType, content_type.to_owned().into());
        }
        let options = PutOptions { mode: PutMode::Create, attributes, ..Default::default() };
        match self.store.put_opts(&Path::from(key.as_str()), PutPayload::from_bytes(bytes), options).await {
            Ok(_) => Ok(()),
            Err(object_store::Error::AlreadyExists { .. }) => Err(StorageError::AlreadyExists(key.clone())),
            Err(e) => Err(e.into()),
        }
    }

    pub async fn get(&self, key: &ObjectKey) -> Result<Bytes, StorageError> {
        match self.store.get(&Path::from(key.as_str())).await {
            Ok(found) => Ok(found.bytes().await?),
            Err(object_store::Error::NotFound { .. }) => Err(StorageError::NotFound(key.clone())),
            Err(e) => Err(e.into()),
        }
    }

    /// Removes objects of an upload that failed before anything referred to them. Objects a
    /// record points at are never removed.
    pub async fn discard_unreferenced(&self, keys: &[ObjectKey]) {
        for key in keys {
            if let Err(e) = self.store.delete(&Path::from(key.as_str())).await {
                tracing::warn!(key = ?key, error = %e, "could not remove an orphaned object");
            }
        }
    }

    /// A URL that fetches the object for a few minutes: presigned by S3, or a `/files/...` path
    /// on the clinic's own host signed by us.
    pub async fn signed_url(&self, key: &ObjectKey, now: DateTime<Utc>) -> Result<String, StorageError> {
        match &*self.backend {
            Backend::S3(s3) => {
                let url = s3.signed_url(poem::http::Method::GET, &Path::from(key.as_str()), self.lifetime).await?;
                Ok(url.to_string())
            }
            Backend::Local => {
                let expires = now.timestamp() + self.lifetime.as_secs() as i64;
                Ok(format!("/files/{}?exp={expires}&sig={}", key.as_str(), self.local_signature(key, expires)))
            }
        }
    }

    fn local_signature(&self, key: &ObjectKey, expires: i64) -> String {
        self.secret.sign("contour-file-v1", &[&key.clinic().to_string(), key.as_str(), &expires.to_string()])
    }

    /// Checks a `/files/...` URL: a well-formed key, an untampered signature, not expired.
    pub fn check_local_url(
        &self,
        path: &str,
        expires: &str,
        signature: &str,
        now: DateTime<Utc>,
    ) -> Result<ObjectKey, UrlRefused> {
        let key = ObjectKey::parse(path).ok_or(UrlRefused::Invalid)?;
        let expires: i64 = expires.parse().map_err(|_| UrlRefused::Invalid)?;
        let expected = self.local_signature(&key, expires);
        if !crate::auth::secrets::same_secret(&expected, signature) {
            return Err(UrlRefused::Invalid);
        }
        if now.timestamp() >= expires {
            return Err(UrlRefused::Expired);
        }
        Ok(key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_ours_only() {
        let (c, p) = (Uuid::now_v7(), Uuid::now_v7());
        let key = ObjectKey::photo(c, p, PhotoObject::Display);
        assert_eq!(ObjectKey::parse(key.as_str()), Some(key.clone()));
        assert_eq!(key.clinic(), c);
        for bad in [
            format!("clinics/{c}/photos/{p}/../../secret.key"),
            format!("clinics/{c}/photos/{p}/other.jpg"),
            format!("clinics/{c}/photos/{p}/original/x"),
            format!("/clinics/{c}/photos/{p}/original"),
            format!("clinics/{}/photos/{p}/original", c.simple()),
            "secret.key".to_owned(),
        ] {
            assert_eq!(ObjectKey::parse(&bad), None, "{bad}");
        }
    }

    #[test]
    fn local_urls_are_bound_to_the_object_and_expire() {
        let dir = tempfile::tempdir().unwrap();
        let config = Config { data_dir: dir.path().to_path_buf(), ..Config::default() };
        let storage = Storage::open(&config).unwrap();
        let now = chrono::TimeZone::with_ymd_and_hms(&Utc, 2026, 12, 9, 18, 0, 0).unwrap();
        let key = ObjectKey::photo(Uuid::now_v7(), Uuid::now_v7(), PhotoObject::Original);
        let url = futures::executor::block_on(storage.signed_url(&key, now)).unwrap();
        let (path, query) = url.trim_start_matches("/files/").split_once('?').unwrap();
        let params: std::collections::HashMap<_, _> = query.split('&').filter_map(|kv| kv.split_once('=')).collect();
        let (exp, sig) = (params["exp"], params["sig"]);
        assert_eq!(storage.check_local_url(path, exp, sig, now), Ok(key.clone()));
        let later = now + chrono::Duration::seconds(301);
        assert_eq!(storage.check_local_url(path, exp, sig, later), Err(UrlRefused::Expired));
        let longer = (exp.parse::<i64>().unwrap() + 3600).to_string();
        assert_eq!(storage.check_local_url(path, &longer, sig, now), Err(UrlRefused::Invalid));
        let other = ObjectKey::photo(key.clinic(), Uuid::now_v7(), PhotoObject::Original);
        assert_eq!(storage.check_local_url(other.as_str(), exp, sig, now), Err(UrlRefused::Invalid));
        // The same secret from the data directory on the next start.
        let again = Storage::open(&config).unwrap();
        assert_eq!(again.check_local_url(path, exp, sig, now), Ok(key));
    }
}
