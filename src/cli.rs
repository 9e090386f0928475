//! The `contour` command line. Every subcommand reads the same configuration (defaults, an
//! optional file, `CONTOUR_*` variables).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::app;
use crate::audit;
use crate::clock::Clock;
use crate::config::Config;
use crate::platform::{self, ClinicStatus, NewClinic, ProvisionError, provisioning};
use crate::state::AppState;

#[derive(Debug, Parser)]
#[command(name = "contour", version, about = "Contour: practice management and EMR for medical-aesthetics clinics")]
struct Cli {
    /// A TOML configuration file (also CONTOUR_CONFIG).
    #[arg(long, global = true)]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the server.
    Serve,
    /// Bring the platform schema and every clinic up to date (safe to repeat).
    Migrate,
    /// Create, list, suspend and resume clinics.
    Clinic {
        #[command(subcommand)]
        command: ClinicCommand,
    },
    /// Create or refresh the demo clinic `glow` and print how to sign in.
    Demo,
    /// Print the OpenAPI spec.
    Openapi,
    /// Check a clinic's audit log.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// Manage the people who run this installation.
    PlatformAdmin {
        #[command(subcommand)]
        command: PlatformAdminCommand,
    },
}

#[derive(Debug, Subcommand)]
enum PlatformAdminCommand {
    /// Create a platform admin, who signs in on admin.{base domain}.
    Create {
        #[arg(long)]
        email: String,
        /// Also CONTOUR_ADMIN_PASSWORD, which keeps it out of the process list.
        #[arg(long, env = "CONTOUR_ADMIN_PASSWORD", hide_env_values = true)]
        password: String,
        #[arg(long, default_value = "Platform Admin")]
        name: String,
    },
}

#[derive(Debug, Subcommand)]
enum ClinicCommand {
    /// Create a clinic with its first owner.
    Create {
        #[arg(long)]
        slug: String,
        #[arg(long)]
        name: String,
        /// IANA time zone, e.g. America/Los_Angeles.
        #[arg(long)]
        timezone: String,
        #[arg(long)]
        owner_email: String,
        /// The owner's password (also CONTOUR_OWNER_PASSWORD, which keeps it out of the process list).
        #[arg(long, env = "CONTOUR_OWNER_PASSWORD", hide_env_values = true)]
        owner_password: String,
        /// The owner's name as the app shows it.
        #[arg(long, default_value = "Clinic Owner")]
        owner_name: String,
    },
    /// List every clinic.
    List,
    /// Suspend a clinic: its sessions end and its address stops answering.
    Suspend { slug: String },
    /// Resume a suspended clinic.
    Resume { slug: String },
}

#[derive(Debug, Subcommand)]
enum AuditCommand {
    /// Recompute a clinic's hash chain; exits non-zero naming the first bad row.
    Verify {
        #[arg(long)]
        clinic: String,
    },
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Command::Openapi = cli.command {
        print!("{}", app::openapi_json());
        return ExitCode::SUCCESS;
    }
    let config = match Config::load(cli.config.as_deref()) {
        Ok(config) => config,
        Err(err) => {
            eprintln!("contour: configuration: {err:#}");
            return ExitCode::from(2);
        }
    };
    crate::telemetry::init(&config);
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(err) => {
            eprintln!("contour: {err}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli.command, config)) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("contour: {err:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(command: Command, config: Config) -> anyhow::Result<ExitCode> {
    let state = AppState::start(config, Clock::system()).await?;
    let now = state.clock.now();
    match command {
        Command::Serve => {
            let report = provisioning::migrate_clinics(state.dbs(), now).await?;
            tracing::info!(clinics = report.clinics, applied = report.migrations_applied, "clinics migrated");
            app::serve(state.clone()).await?;
        }
        Command::Migrate => {
            let report = provisioning::migrate_clinics(state.dbs(), now).await?;
            println!(
                "Platform and {} clinic(s) up to date ({} migration(s) applied).",
                report.clinics, report.migrations_applied
            );
        }
        Command::Clinic { command } => return clinic(&state, command, now).await,
        Command::Demo => {
            let summary = crate::demo::run(&state).await?;
            print!("{summary}");
        }
        Command::Openapi => unreachable!("handled before start-up"),
        Command::Audit { command: AuditCommand::Verify { clinic } } => return verify_audit(&state, &clinic).await,
        Command::PlatformAdmin { command: PlatformAdminCommand::Create { email, password, name } } => {
            match platform::admins::create(state.dbs(), &email, &name, &password, now).await {
                Ok(admin) => println!(
                    "Created platform admin {} ({}); sign in at {}",
                    admin.display_name,
                    admin.email,
                    state.config.platform_url()
                ),
                Err(platform::admins::AdminError::Invalid(message)) => {
                    eprintln!("{message}");
                    return Ok(ExitCode::from(2));
                }
                Err(platform::admins::AdminError::EmailTaken) => {
                    eprintln!("A platform admin with that email already exists.");
                    return Ok(ExitCode::from(1));
                }
                Err(err) => return Err(err.into()),
            }
        }
    }
    state.dbs().close().await;
    Ok(ExitCode::SUCCESS)
}

async fn clinic(
    state: &AppState,
    command: ClinicCommand,
    now: chrono::DateTime<chrono::Utc>,
) -> anyhow::Result<ExitCode> {
    let label = provisioning::actor_label_cli();
    match command {
        ClinicCommand::Create { slug, name, timezone, owner_email, owner_password, owner_name } => {
            let new = match NewClinic::parse(&slug, &name, &timezone, &owner_email, &owner_name, &owner_password) {
                Ok(new) => new,
                Err(problems) => {
                    for p in problems {
                        eprintln!("{}: {}", p.field, p.message);
                    }
                    return Ok(ExitCode::from(2));
                }
            };
            match provisioning::create(state.dbs(), new, label, now).await {
                Ok(clinic) => println!("Created {} at {}", clinic.name, state.config.clinic_url(&clinic.slug)),
                Err(ProvisionError::SlugTaken) => {
                    eprintln!("A clinic called {slug} already exists.");
                    return Ok(ExitCode::from(1));
                }
                Err(err) => return Err(err.into()),
            }
        }
        ClinicCommand::List => {
            let mut tx = state.dbs().platform_read().await?;
            let clinics = platform::list(&mut tx).await?;
            if clinics.is_empty() {
                println!("No clinics yet. Create one with `contour clinic create` or `contour demo`.");
            }
            for c in clinics {
                println!(
                    "{:<24} {:<10} {:<24} {}{}",
                    c.slug,
                    c.status.as_str(),
                    c.timezone,
                    c.name,
                    if c.is_demo { "  (demo)" } else { "" }
                );
            }
        }
        ClinicCommand::Suspend { slug } => {
            status(state, &slug, ClinicStatus::Suspended, now).await?;
        }
        ClinicCommand::Resume { slug } => {
            status(state, &slug, ClinicStatus::Active, now).await?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

async fn status(
    state: &AppState,
    slug: &str,
    to: ClinicStatus,
    now: chrono::DateTime<chrono::Utc>,
) -> anyhow::Result<()> {
    match provisioning::set_status(state.dbs(), state.tenants(), slug, to, provisioning::actor_label_cli(), now).await {
        Ok(clinic) => {
            println!("{} is now {}.", clinic.slug, clinic.status.as_str());
            Ok(())
        }
        Err(ProvisionError::NotFound) => anyhow::bail!("no clinic called {slug}"),
        Err(err) => Err(err.into()),
    }
}

async fn verify_audit(state: &AppState, slug: &str) -> anyhow::Result<ExitCode> {
    let clinic = {
        let mut tx = state.dbs().platform_read().await?;
        platform::find_by_slug(&mut tx, slug).await?
    };
    let Some(clinic) = clinic else {
        eprintln!("No clinic called {slug}.");
        return Ok(ExitCode::from(2));
    };
    let mut tx = state.dbs().tenant(clinic.id.0).read().await?;
    let report = audit::verify(&mut tx, clinic.id).await?;
    match report.first_break {
        None => {
            println!("Audit log of {slug} verified: {} row(s), chain intact.", report.rows);
            Ok(ExitCode::SUCCESS)
        }
        Some((seq, id, kind)) => {
            let what = match kind {
                audit::Break::Altered => "its content does not match its hash (edited)",
                audit::Break::Unlinked => "it does not follow the row before it (rows removed, inserted or reordered)",
            };
            eprintln!("Audit log of {slug} is broken at row {seq} (id {id}): {what}.");
            Ok(ExitCode::from(1))
        }
    }
}
