//! Photo overlays: the lines and numbered points drawn on a photo for facial mapping, as vector
//! JSON in the photo's pixel coordinates (upright). Checked strictly and stored in one canonical
//! shape, so the same drawing always hashes the same.

use serde::{Deserialize, Serialize};
use serde_json::Value;

pub const VERSION: u32 = 1;
const MAX_SHAPES: usize = 500;
const MAX_LINE_POINTS: usize = 2_000;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Overlay {
    pub version: u32,
    pub shapes: Vec<Shape>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "camelCase", deny_unknown_fields)]
pub enum Shape {
    /// A freehand or straight line, as a polyline.
    Line { id: String, points: Vec<[i64; 2]>, color: String, width: i64 },
    /// A numbered injection point, with what was given there.
    Point {
        id: String,
        number: i64,
        x: i64,
        y: i64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        dose: Option<String>,
    },
}

/// Parses and checks an overlay drawn on a `width` × `height` photo; returns it in canonical form.
pub fn check(value: &Value, width: i64, height: i64) -> Result<Value, String> {
    let overlay: Overlay =
        serde_json::from_value(value.clone()).map_err(|e| format!("The overlay isn't in the expected shape: {e}."))?;
    if overlay.version != VERSION {
        return Err(format!("Overlay version {VERSION} is expected."));
    }
    if overlay.shapes.len() > MAX_SHAPES {
        return Err(format!("At most {MAX_SHAPES} marks on one photo."));
    }
    let inside = |x: i64, y: i64| (0..=width).contains(&x) && (0..=height).contains(&y);
    let mut ids = std::collections::HashSet::new();
    let mut numbers = std::collections::HashSet::new();
    for shape in &overlay.shapes {
        let id = match shape {
            Shape::Line { id, points, color, width: stroke } => {
                if points.len() < 2 || points.len() > MAX_LINE_POINTS {
                    return Err(format!("A line has 2 to {MAX_LINE_POINTS} points."));
                }
                if !points.iter().all(|[x, y]| inside(*x, *y)) {
                    return Err("A line goes outside the photo.".into());
                }
                if crate::types::parse_color(color).as_deref() != Some(color.as_str()) {
                    return Err("Line colours are #rrggbb.".into());
                }
                if !(1..=200).contains(stroke) {
                    return Err("Line widths are 1 to 200 pixels.".into());
                }
                id
            }
            Shape::Point { id, number, x, y, label, dose } => {
                if !inside(*x, *y) {
                    return Err(format!("Point {number} is outside the photo."));
                }
                if !(1..=999).contains(number) || !numbers.insert(*number) {
                    return Err(format!("Point numbers are 1 to 999, each used once ({number})."));
                }
                if label.as_ref().is_some_and(|l| l.chars().count() > 80 || l.chars().any(char::is_control))
                    || dose.as_ref().is_some_and(|d| d.chars().count() > 40 || d.chars().any(char::is_control))
                {
                    return Err(format!("Point {number}: labels up to 80 characters, doses up to 40."));
                }
                id
            }
        };
        if id.is_empty() || id.len() > 40 || !ids.insert(id.clone()) {
            return Err("Every mark needs its own short id.".into());
        }
    }
    serde_json::to_value(&overlay).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn point(id: &str, n: i64, x: i64) -> Value {
        json!({ "type": "point", "id": id, "number": n, "x": x, "y": 40, "label": "Glabella", "dose": "4 units" })
    }

    #[test]
    fn a_drawing_is_checked_and_kept_in_one_shape() {
        let v = json!({ "version": 1, "shapes": [
            { "type": "line", "id": "l1", "points": [[0, 0], [100, 50]], "color": "#e03131", "width": 4 },
            point("p1", 1, 10), point("p2", 2, 20),
        ]});
        let checked = check(&v, 200, 100).unwrap();
        assert_eq!(checked, v);
    }

    #[test]
    fn bad_drawings_are_refused() {
        let cases = [
            json!({ "version": 1, "shapes": [point("p1", 1, 500)] }),
            json!({ "version": 1, "shapes": [point("p1", 1, 10), point("p2", 1, 20)] }),
            json!({ "version": 1, "shapes": [point("p1", 1, 10), point("p1", 2, 20)] }),
            json!({ "version": 2, "shapes": [] }),
            json!({ "version": 1, "shapes": [{ "type": "point", "id": "p", "number": 1, "x": 1.5, "y": 2 }] }),
            json!({ "version": 1, "shapes": [{ "type": "circle", "id": "c" }] }),
            json!({ "version": 1, "shapes": [], "script": "alert(1)" }),
            json!({ "version": 1, "shapes": [{ "type": "line", "id": "l", "points": [[0, 0]], "color": "#000000", "width": 2 }] }),
            json!({ "version": 1, "shapes": [{ "type": "line", "id": "l", "points": [[0, 0], [1, 1]], "color": "red", "width": 2 }] }),
        ];
        for case in cases {
            assert!(check(&case, 200, 100).is_err(), "{case}");
        }
    }
}
