//! The server's own secret, for what it signs: photo links of the local store, the links on
//! booking confirmations. Given in the configuration, or generated once into the data directory
//! (so every restart, and every server sharing the directory, signs alike).

use std::path::Path;
use std::sync::Arc;

use anyhow::Context;
use hmac::digest::KeyInit;
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::config::Config;

#[derive(Clone)]
pub struct ServerSecret(Arc<[u8; 32]>);

impl std::fmt::Debug for ServerSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ServerSecret(…)")
    }
}

impl ServerSecret {
    pub fn load(config: &Config) -> anyhow::Result<Self> {
        if let Some(given) = &config.secret_key {
            return Ok(Self(Arc::new(Sha256::digest(given.as_bytes()).into())));
        }
        let path = config.data_dir.join("secret.key");
        if let Ok(text) = std::fs::read_to_string(&path) {
            return decode(&text).with_context(|| format!("{} is not a 64-digit hex key", path.display()));
        }
        std::fs::create_dir_all(&config.data_dir)?;
        let mut key = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut key);
        write_new(&path, &hex::encode(key))?;
        // Another process may have won the race: whatever is on disk is the key.
        let text = std::fs::read_to_string(&path)?;
        decode(&text).with_context(|| format!("reading {}", path.display()))
    }

    /// Hex HMAC-SHA-256 of `parts` (newline-separated) under a `purpose`, so a signature made for
    /// one use never passes for another.
    pub fn sign(&self, purpose: &str, parts: &[&str]) -> String {
        // HMAC pads a short key with zeros to the block size; doing it here keeps `new` infallible.
        let mut block = [0u8; 64];
        block[..32].copy_from_slice(&self.0[..]);
        let mut mac = <Hmac<Sha256> as KeyInit>::new(&block.into());
        mac.update(purpose.as_bytes());
        for part in parts {
            mac.update(b"\n");
            mac.update(part.as_bytes());
        }
        hex::encode(mac.finalize().into_bytes())
    }
}

/// Whether two signatures are equal, taking as long whichever byte differs (so timing can't be
/// used to guess one).
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn decode(text: &str) -> anyhow::Result<ServerSecret> {
    let bytes = hex::decode(text.trim())?;
    let key: [u8; 32] = bytes.try_into().map_err(|_| anyhow::anyhow!("wrong length"))?;
    Ok(ServerSecret(Arc::new(key)))
}

fn write_new(path: &Path, text: &str) -> anyhow::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    match options.open(path) {
        Ok(mut file) => Ok(file.write_all(text.as_bytes())?),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_depend_on_purpose_parts_and_key() {
        let dir = tempfile::tempdir().unwrap();
        let config = Config { data_dir: dir.path().to_path_buf(), ..Config::default() };
        let a = ServerSecret::load(&config).unwrap();
        let b = ServerSecret::load(&config).unwrap();
        assert_eq!(a.sign("x", &["1", "2"]), b.sign("x", &["1", "2"]), "the same key after a restart");
        assert_ne!(a.sign("x", &["1", "2"]), a.sign("y", &["1", "2"]));
        assert_ne!(a.sign("x", &["1", "2"]), a.sign("x", &["12"]));
        let other = tempfile::tempdir().unwrap();
        let c = ServerSecret::load(&Config { data_dir: other.path().to_path_buf(), ..Config::default() }).unwrap();
        assert_ne!(a.sign("x", &["1"]), c.sign("x", &["1"]));
        let given = Config { secret_key: Some("correct horse".into()), ..Config::default() };
        assert_eq!(
            ServerSecret::load(&given).unwrap().sign("x", &[]),
            ServerSecret::load(&given).unwrap().sign("x", &[])
        );
    }
}
