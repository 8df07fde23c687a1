//! The compiler's output: CPython's bytecode for the program, or what stops it compiling.

use std::rc::Rc;

use yew::prelude::*;

use crate::state::playground::CompileOutput;

#[derive(Properties, PartialEq)]
pub struct DisassemblyProps {
    pub output: Rc<CompileOutput>,
}

/// Code objects with their instructions, or the diagnostics with line:column.
#[component]
pub fn Disassembly(props: &DisassemblyProps) -> Html {
    match props.output.as_ref() {
        CompileOutput::Bytecode(text) => html! {
            <pre id="disassembly" class="disassembly" role="region" aria-label="Disassembly" tabindex="0">{ text.clone() }</pre>
        },
        CompileOutput::Problems(problems) => html! {
            <ul id="diagnostics" class="diagnostics" role="alert">
                { for problems.iter().enumerate().map(|(i, p)| html! {
                    <li key={i}>
                        <span class="position">{ format!("{}:{}", p.line, p.column) }</span>
                        { " " }
                        <span class="message">{ p.text.clone() }</span>
                    </li>
                }) }
            </ul>
        },
    }
}
