//! A deadlock's wait-for cycle as a graph: each thread with the locks it holds, and an arrow to
//! the thread holding the lock it waits for, labelled with the lock and the line.

use yew::prelude::*;

use crate::state::run::WaitStep;

const WIDTH: f64 = 440.0;
const NODE_W: f64 = 205.0;
const NODE_H: f64 = 46.0;

/// The wait-for graph of `steps`.
pub fn wait_for(steps: &[WaitStep]) -> Html {
    let n = steps.len();
    if n == 0 {
        return html! {};
    }
    let height = if n <= 2 { 230.0 } else { 380.0 };
    let (cx, cy) = (WIDTH / 2.0, height / 2.0);
    let (rx, ry) = (
        WIDTH / 2.0 - NODE_W / 2.0 - 10.0,
        height / 2.0 - NODE_H / 2.0 - 10.0,
    );
    // Two threads face each other left and right; more sit around an ellipse.
    let centre = |i: usize| {
        let angle = std::f64::consts::PI + 2.0 * std::f64::consts::PI * i as f64 / n as f64;
        (cx + rx * angle.cos(), cy + ry * angle.sin())
    };
    let summary = steps
        .iter()
        .map(|s| s.text.clone())
        .collect::<Vec<_>>()
        .join("; ");
    let edges = (0..n).map(|i| {
        let ((x1, y1), (x2, y2)) = (centre(i), centre((i + 1) % n));
        // Bend each arrow to its left so the two arrows between a pair do not overlap.
        let (mx, my) = ((x1 + x2) / 2.0, (y1 + y2) / 2.0);
        let (dx, dy) = (x2 - x1, y2 - y1);
        let length = (dx * dx + dy * dy).sqrt().max(1.0);
        let bend = 70.0;
        let (qx, qy) = (mx + dy / length * bend, my - dx / length * bend);
        // Stop short of the target node.
        let (ex, ey) = (x2 - (x2 - qx) * 0.35, y2 - (y2 - qy) * 0.35);
        let (sx, sy) = (x1 + (qx - x1) * 0.35, y1 + (qy - y1) * 0.35);
        let step = &steps[i];
        html! {
            <g class="wait-edge">
                <path d={format!("M{sx:.1} {sy:.1} Q{qx:.1} {qy:.1} {ex:.1} {ey:.1}")} marker-end="url(#wait-arrow)" />
                <text x={format!("{:.1}", (sx + 2.0 * qx + ex) / 4.0)} y={format!("{:.1}", (sy + 2.0 * qy + ey) / 4.0 - 6.0)} text-anchor="middle">
                    { format!("waits for {} ({})", step.waits_for, step.place) }
                </text>
            </g>
        }
    });
    let nodes = steps.iter().enumerate().map(|(i, step)| {
        let (x, y) = centre(i);
        let holds = step
            .holds
            .iter()
            .map(|(lock, line)| format!("{lock} (line {line})"))
            .collect::<Vec<_>>()
            .join(", ");
        html! {
            <g class="wait-node">
                <rect x={format!("{:.1}", x - NODE_W / 2.0)} y={format!("{:.1}", y - NODE_H / 2.0)}
                    width={NODE_W.to_string()} height={NODE_H.to_string()} rx="8" />
                <text x={format!("{x:.1}")} y={format!("{:.1}", y - 4.0)} text-anchor="middle" class="wait-thread">{ step.thread.clone() }</text>
                <text x={format!("{x:.1}")} y={format!("{:.1}", y + 13.0)} text-anchor="middle">{ format!("holds {holds}") }</text>
            </g>
        }
    });
    html! {
        <svg id="wait-for" class="wait-for" viewBox={format!("0 0 {WIDTH} {height}")} role="img"
            aria-label={format!("Wait-for cycle: {summary}")}>
            <defs>
                <marker id="wait-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse">
                    <path d="M0 0 L10 5 L0 10 z" />
                </marker>
            </defs>
            { for edges }
            { for nodes }
        </svg>
    }
}
