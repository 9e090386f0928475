use crate::http::{ApiError, ErrorCode, FieldProblem};

#[derive(Debug, thiserror::Error)]
pub enum CatalogueError {
    #[error("not found")]
    NotFound,
    #[error("a product with that name exists")]
    NameTaken,
    #[error("{field}: {message}")]
    Invalid { field: &'static str, code: &'static str, message: String },
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

impl CatalogueError {
    pub fn invalid(field: &'static str, code: &'static str, message: impl Into<String>) -> Self {
        Self::Invalid { field, code, message: message.into() }
    }
}

impl From<CatalogueError> for ApiError {
    fn from(err: CatalogueError) -> Self {
        match err {
            CatalogueError::NotFound => ApiError::not_found(),
            CatalogueError::NameTaken => ApiError::new(ErrorCode::AlreadyExists, "A product with that name exists.")
                .field(FieldProblem::new("name", "taken", "A product with that name exists.")),
            CatalogueError::Invalid { field, code, message } => {
                ApiError::validation(vec![FieldProblem::new(field, code, message)])
            }
            CatalogueError::Db(e) => e.into(),
        }
    }
}
