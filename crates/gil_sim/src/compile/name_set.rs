//! A set of names kept as a sorted vector: the compiler's scopes hold a few names each, and a
//! sorted vector gives the same ordered iteration as a B-tree for far less code in the page.

/// Names in sorted order, each once.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NameSet(Vec<String>);

impl NameSet {
    pub fn new() -> NameSet {
        NameSet(Vec::new())
    }

    fn find(&self, name: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|n| n.as_str().cmp(name))
    }

    /// Adds `name`; false if it was there already.
    pub fn insert(&mut self, name: String) -> bool {
        match self.find(&name) {
            Ok(_) => false,
            Err(at) => {
                self.0.insert(at, name);
                true
            }
        }
    }

    pub fn contains(&self, name: &str) -> bool {
        self.find(name).is_ok()
    }

    /// Removes `name`; true if it was there.
    pub fn remove(&mut self, name: &str) -> bool {
        match self.find(name) {
            Ok(at) => {
                self.0.remove(at);
                true
            }
            Err(_) => false,
        }
    }

    /// The names in sorted order.
    pub fn iter(&self) -> std::slice::Iter<'_, String> {
        self.0.iter()
    }
}

impl Extend<String> for NameSet {
    fn extend<I: IntoIterator<Item = String>>(&mut self, names: I) {
        for name in names {
            self.insert(name);
        }
    }
}

impl FromIterator<String> for NameSet {
    fn from_iter<I: IntoIterator<Item = String>>(names: I) -> NameSet {
        let mut set = NameSet::new();
        set.extend(names);
        set
    }
}

impl IntoIterator for NameSet {
    type Item = String;
    type IntoIter = std::vec::IntoIter<String>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a> IntoIterator for &'a NameSet {
    type Item = &'a String;
    type IntoIter = std::slice::Iter<'a, String>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::NameSet;

    #[test]
    fn keeps_names_sorted_and_unique() {
        let mut set: NameSet = ["b", "a", "c", "a"].iter().map(|s| s.to_string()).collect();
        assert_eq!(
            set.iter().map(String::as_str).collect::<Vec<_>>(),
            ["a", "b", "c"]
        );
        assert!(set.contains("b") && !set.contains("d"));
        assert!(set.remove("b") && !set.remove("b"));
        assert!(!set.insert("a".into()) && set.insert("d".into()));
        assert_eq!(set.into_iter().collect::<Vec<_>>(), ["a", "c", "d"]);
    }
}
