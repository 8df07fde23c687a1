//! The explore-then-sample policy, in one place for the page and the command line: explore
//! every schedule of a program; when that cannot cover them all (the cap on schedules, or a run
//! that reached its budget), run seeded PCT samples instead. Advanced in slices, like the
//! explorer and the sampler it drives.

use crate::sched::explore::{EndKind, Exploration, Explorer, Limits};
use crate::sched::sample::Sampler;
use crate::sched::steer::Granularity;
use crate::sched::{Budget, Settings};
use crate::{Diagnostic, PyVersion, Steered};

/// The most schedules the page and `gilsim explore` explore before sampling instead.
pub const EXPLORE_CAP: u64 = 5_000;

/// Sampled schedules when there are too many to explore.
pub const SAMPLES: u64 = 200;

/// Instructions each explored or sampled run may take.
pub const RUN_INSTRUCTIONS: u64 = 200_000;

/// A program's search: its explorer, or the sampler that replaced it.
pub struct Search {
    program: Program,
    limits: Limits,
    samples: u64,
    stage: Stage,
    /// Every run so far reached its budget before the program ended.
    too_big: bool,
}

/// What a sampler needs to be made later.
struct Program {
    source: String,
    version: PyVersion,
    file_name: String,
    settings: Settings,
    granularity: Granularity,
}

impl Program {
    fn steered(&self) -> Steered<'_> {
        Steered {
            source: &self.source,
            version: self.version,
            file_name: &self.file_name,
            settings: self.settings,
            granularity: self.granularity,
        }
    }
}

enum Stage {
    Every(Box<Explorer>),
    Sample(Box<Sampler>),
}

/// True when at least `runs` schedules ran and every one of them reached its budget.
fn all_stopped(found: &Exploration, runs: u64) -> bool {
    found.schedules >= runs && found.outcomes.iter().all(|o| o.end == EndKind::Stopped)
}

/// The limits a search uses unless told otherwise: [`EXPLORE_CAP`] schedules of
/// [`RUN_INSTRUCTIONS`] instructions each.
pub fn default_limits() -> Limits {
    Limits {
        schedules: EXPLORE_CAP,
        budget: Budget {
            max_instructions: RUN_INSTRUCTIONS,
            ..Budget::default()
        },
    }
}

impl Search {
    /// A search of `program` within `limits`, falling back to `samples` sampled schedules;
    /// with `sample_only`, it samples from the start.
    pub fn new(
        program: &Steered,
        limits: Limits,
        samples: u64,
        sample_only: bool,
    ) -> Result<Search, Vec<Diagnostic>> {
        let program = Program {
            source: program.source.to_string(),
            version: program.version,
            file_name: program.file_name.to_string(),
            settings: program.settings,
            granularity: program.granularity,
        };
        let stage = if sample_only {
            Stage::Sample(Box::new(program.steered().sampler(limits, samples)?))
        } else {
            Stage::Every(Box::new(program.steered().explorer(limits)?))
        };
        Ok(Search {
            program,
            limits,
            samples,
            stage,
            too_big: false,
        })
    }

    /// Runs about `steps` more steps; true once the search is done. An exploration that
    /// cannot cover every schedule gives way to a sample here.
    pub fn advance(&mut self, steps: u64) -> bool {
        // Runs that all reach their budget say nothing about how the program ends, and more of
        // them would say no more: the search stops and says the program is too big.
        if self.sampling() && all_stopped(self.found(), 3) {
            self.too_big = true;
            return true;
        }
        match &mut self.stage {
            Stage::Every(explorer) => {
                let ended = explorer.advance(steps)
                    || explorer
                        .found()
                        .outcomes
                        .iter()
                        .any(|o| o.end == EndKind::Stopped);
                if !ended || explorer.found().proven() {
                    return ended;
                }
                if all_stopped(explorer.found(), 1) {
                    self.too_big = true;
                    return true;
                }
                match self.program.steered().sampler(self.limits, self.samples) {
                    Ok(sampler) => {
                        self.stage = Stage::Sample(Box::new(sampler));
                        false
                    }
                    Err(_) => true,
                }
            }
            Stage::Sample(sampler) => sampler.advance(steps),
        }
    }

    /// What was found so far.
    pub fn found(&self) -> &Exploration {
        match &self.stage {
            Stage::Every(explorer) => explorer.found(),
            Stage::Sample(sampler) => sampler.found(),
        }
    }

    /// True when the search stopped because every run reached its budget before the program
    /// ended: the program is too big to explore ([`crate::scaled_down`] offers a smaller copy).
    pub fn too_big(&self) -> bool {
        self.too_big
    }

    /// True once the search samples instead of exploring every schedule.
    pub fn sampling(&self) -> bool {
        matches!(self.stage, Stage::Sample(_))
    }

    /// How far it has come: schedules run, out of at most how many.
    pub fn progress(&self) -> (u64, u64) {
        let cap = if self.sampling() {
            self.samples
        } else {
            self.limits.schedules
        };
        (self.found().schedules, cap)
    }

    /// What was found, once done with.
    pub fn into_found(self) -> Exploration {
        match self.stage {
            Stage::Every(explorer) => explorer.into_found(),
            Stage::Sample(sampler) => sampler.into_found(),
        }
    }
}
