//! The role policy, evaluated by casbin from `model.conf` and `policy.csv`.
//!
//! The policy is global and small, and both its inputs (six roles, the permissions in
//! `permissions::ALL`) are known when the server starts, so casbin is asked about every
//! combination once, at start-up, and the answers kept in a table. Each request's check is then
//! a set lookup, and casbin stays the only place the rules are interpreted.

use std::collections::HashSet;

use casbin::{CoreApi, DefaultModel, Enforcer, StringAdapter};

use super::Role;
use super::permissions::{ALL, Permission, PermissionName};

const MODEL: &str = include_str!("model.conf");
const POLICY: &str = include_str!("policy.csv");

#[derive(Debug, Clone)]
pub struct Rbac {
    allowed: HashSet<(Role, &'static str, &'static str)>,
}

impl Rbac {
    pub async fn load() -> anyhow::Result<Self> {
        let model = DefaultModel::from_str(MODEL).await?;
        let policy: String = POLICY.lines().filter(|l| !l.trim_start().starts_with('#')).collect::<Vec<_>>().join("\n");
        let enforcer = Enforcer::new(model, StringAdapter::new(policy)).await?;
        let mut allowed = HashSet::new();
        for role in Role::ALL {
            for &(resource, action) in ALL {
                if enforcer.enforce((role.as_str(), resource, action))? {
                    allowed.insert((*role, resource, action));
                }
            }
        }
        Ok(Self { allowed })
    }

    pub fn allows<P: Permission>(&self, role: Role) -> bool {
        P::ANY_ROLE || self.allowed.contains(&(role, P::RESOURCE, P::ACTION))
    }

    /// The permissions a role holds, in policy order.
    pub fn permissions_of(&self, role: Role) -> Vec<PermissionName> {
        ALL.iter()
            .filter(|(r, a)| self.allowed.contains(&(role, *r, *a)))
            .filter_map(|(r, a)| PermissionName::of(r, a))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::permissions::*;

    #[tokio::test]
    async fn the_policy_reads_as_the_table() {
        let rbac = Rbac::load().await.unwrap();
        assert!(rbac.allows::<ChartsSign>(Role::MedicalDirector));
        assert!(!rbac.allows::<ChartsSign>(Role::Provider));
        assert!(!rbac.allows::<ChartsWrite>(Role::MedicalDirector));
        assert!(rbac.allows::<ChartsSubmit>(Role::Provider));
        assert!(!rbac.allows::<ChartsRead>(Role::FrontDesk));
        assert!(!rbac.allows::<MedicalRead>(Role::Billing));
        assert!(rbac.allows::<AppointmentsCancel>(Role::FrontDesk));
        assert!(!rbac.allows::<AppointmentsCancel>(Role::Provider));
        assert!(!rbac.allows::<InvoicesRead>(Role::MedicalDirector));
        assert!(rbac.allows::<AuditRead>(Role::MedicalDirector));
        assert!(!rbac.allows::<StaffRead>(Role::FrontDesk));
        assert!(rbac.allows::<SignedIn>(Role::ReadOnly));
        // read_only reads everything except staff and audit, and writes nothing.
        for p in rbac.permissions_of(Role::ReadOnly) {
            assert!(p.as_str().ends_with(":read"), "{p:?}");
        }
        // the medical director can only read, sign and return.
        for p in rbac.permissions_of(Role::MedicalDirector) {
            let p = p.as_str();
            assert!(p.ends_with(":read") || p == "charts:sign" || p == "charts:return", "{p}");
        }
    }

    #[test]
    fn every_policy_line_names_a_known_role_and_permission() {
        for line in POLICY.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
            let parts: Vec<&str> = line.split(',').map(str::trim).collect();
            assert_eq!(parts.len(), 4, "{line}");
            assert_eq!(parts[0], "p", "{line}");
            assert!(parts[1].parse::<Role>().is_ok(), "unknown role in {line}");
            assert!(ALL.contains(&(parts[2], parts[3])), "unknown permission in {line}");
        }
    }
}
