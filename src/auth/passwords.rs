//! Password hashing with argon2id. Hashing is deliberately slow, so it runs on the blocking pool.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

use crate::sealed::Sensitive;

pub const MIN_LENGTH: usize = 10;
pub const MAX_LENGTH: usize = 200;

/// A password that met the policy. Its `Debug` hides it.
#[derive(Debug, Clone)]
pub struct Password(Sensitive);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PasswordPolicyError {
    #[error("Use at least {MIN_LENGTH} characters.")]
    TooShort,
    #[error("Use at most {MAX_LENGTH} characters.")]
    TooLong,
}

impl Password {
    pub fn parse(input: &str) -> Result<Self, PasswordPolicyError> {
        let chars = input.chars().count();
        if input.trim().chars().count() < MIN_LENGTH {
            return Err(PasswordPolicyError::TooShort);
        }
        if chars > MAX_LENGTH {
            return Err(PasswordPolicyError::TooLong);
        }
        Ok(Self(Sensitive::new(input)))
    }

    pub fn expose(&self) -> &str {
        self.0.expose()
    }
}

fn hasher() -> Argon2<'static> {
    // OWASP's argon2id baseline: 19 MiB, 2 passes, 1 lane.
    let params = Params::new(19 * 1024, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Password work is slow and takes 19 MiB each; a few at a time, the rest wait briefly and are
/// then turned away, so a flood of sign-ins cannot exhaust memory.
static SLOTS: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(4);

#[derive(Debug, Clone, Copy, thiserror::Error)]
#[error("too many password checks at once")]
pub struct Busy;

async fn slot() -> Result<tokio::sync::SemaphorePermit<'static>, Busy> {
    tokio::time::timeout(std::time::Duration::from_secs(5), SLOTS.acquire()).await.map_err(|_| Busy)?.map_err(|_| Busy)
}

pub async fn hash(password: &Password) -> anyhow::Result<String> {
    let secret = password.expose().to_owned();
    let _slot = slot().await?;
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut rand::rngs::OsRng);
        hasher()
            .hash_password(secret.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| anyhow::anyhow!("hashing a password: {e}"))
    })
    .await?
}

/// Checks `candidate` against a stored hash. With no stored hash (unknown account, SSO-only
/// user) it still spends the same time, so timing does not tell accounts apart.
pub async fn verify(stored: Option<&str>, candidate: &str) -> Result<bool, Busy> {
    let stored = stored.map(str::to_owned);
    let candidate = candidate.to_owned();
    let _slot = slot().await?;
    Ok(tokio::task::spawn_blocking(move || {
        let target = stored.as_deref().unwrap_or_else(|| dummy_hash());
        let Ok(parsed) = PasswordHash::new(target) else { return false };
        let ok = hasher().verify_password(candidate.as_bytes(), &parsed).is_ok();
        ok && stored.is_some()
    })
    .await
    .unwrap_or(false))
}

/// A hash of a random string, verified against when there is nothing real to verify.
fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| {
        let salt = SaltString::generate(&mut rand::rngs::OsRng);
        let random = uuid::Uuid::new_v4().to_string();
        hasher().hash_password(random.as_bytes(), &salt).map(|h| h.to_string()).unwrap_or_default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_verify_and_differ() {
        let pw = Password::parse("correct horse battery").unwrap();
        let a = hash(&pw).await.unwrap();
        let b = hash(&pw).await.unwrap();
        assert_ne!(a, b, "salted");
        assert!(a.starts_with("$argon2id$"));
        assert!(verify(Some(&a), "correct horse battery").await.unwrap());
        assert!(!verify(Some(&a), "wrong horse battery").await.unwrap());
        assert!(!verify(None, "correct horse battery").await.unwrap());
    }

    #[test]
    fn policy() {
        assert_eq!(Password::parse("short").unwrap_err(), PasswordPolicyError::TooShort);
        assert_eq!(Password::parse("          x").unwrap_err(), PasswordPolicyError::TooShort);
        assert!(Password::parse(&"x".repeat(201)).is_err());
        assert!(Password::parse("ten chars!").is_ok());
        assert!(!format!("{:?}", Password::parse("ten chars!").unwrap()).contains("ten"));
    }
}
