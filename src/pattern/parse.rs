//! Parsing a pattern string into tokens, with errors at byte offsets.

use super::Placeholder;

/// One element of a parsed pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token {
    /// A literal word (may carry punctuation: `Korea's`, `U.S.-South`).
    Word(String),
    /// `...`: a short gap of words.
    Gap,
    /// `(a|b)`: alternatives, each a token sequence (possibly empty).
    Choice(Vec<Vec<Token>>),
    /// `{kind}`: the value.
    Placeholder(Placeholder),
}

impl std::fmt::Display for Token {
    /// The token as pattern text: `word`, `...`, `(a|b)`, `{name}`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Token::Word(w) => {
                for c in w.chars() {
                    if is_special(c) {
                        write!(f, "\\")?;
                    }
                    write!(f, "{c}")?;
                }
                Ok(())
            }
            Token::Gap => f.write_str("..."),
            Token::Placeholder(p) => write!(f, "{p}"),
            Token::Choice(alternatives) => {
                let alts: Vec<String> = alternatives
                    .iter()
                    .map(|a| {
                        a.iter()
                            .map(ToString::to_string)
                            .collect::<Vec<_>>()
                            .join(" ")
                    })
                    .collect();
                write!(f, "({})", alts.join("|"))
            }
        }
    }
}

/// A pattern that does not parse, with where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternError {
    /// Byte offset inside the pattern string.
    pub offset: usize,
    /// Length in bytes of the offending part (at least 1 where the pattern has text there).
    pub len: usize,
    /// What is wrong, lowercase.
    pub message: String,
    /// A suggestion, if any.
    pub help: Option<String>,
}

impl PatternError {
    fn at(offset: usize, len: usize, message: impl Into<String>) -> Self {
        PatternError {
            offset,
            len,
            message: message.into(),
            help: None,
        }
    }
}

/// Quote marks in a pattern are separators: the text has them normalized and
/// the compiler lets any run of quote marks and white space stand between words.
fn is_quote(c: char) -> bool {
    crate::text::fold::is_double_quote(c)
}

fn is_special(c: char) -> bool {
    matches!(c, '(' | ')' | '|' | '{' | '}' | '\\')
}

/// Parse a pattern into tokens.
pub fn parse(pattern: &str) -> Result<Vec<Token>, PatternError> {
    if pattern.trim().is_empty() {
        return Err(PatternError::at(0, 0, "empty pattern"));
    }
    let mut parser = Parser {
        text: pattern,
        pos: 0,
    };
    let tokens = parser.sequence(0)?;
    if let Some(c) = parser.peek() {
        // Only a stray `)` or `|` at the top level ends a sequence early.
        let message = if c == ')' {
            "unmatched `)`".to_string()
        } else {
            "`|` outside a choice: write alternatives inside `( )`".to_string()
        };
        return Err(PatternError::at(parser.pos, 1, message));
    }
    Ok(tokens)
}

struct Parser<'a> {
    text: &'a str,
    pos: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<char> {
        self.text.get(self.pos..).and_then(|s| s.chars().next())
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn rest(&self) -> &str {
        self.text.get(self.pos..).unwrap_or("")
    }

    /// A sequence of tokens, ending at end of input, `)` or `|`.
    fn sequence(&mut self, depth: usize) -> Result<Vec<Token>, PatternError> {
        let mut tokens = Vec::new();
        let mut word = String::new();
        while let Some(c) = self.peek() {
            if c.is_whitespace() || is_quote(c) {
                flush(&mut word, &mut tokens);
                self.bump();
            } else if self.rest().starts_with("...") || self.rest().starts_with('…') {
                flush(&mut word, &mut tokens);
                let start = self.pos;
                if self.rest().starts_with('…') {
                    self.bump();
                } else {
                    self.pos += 3;
                }
                if matches!(tokens.last(), Some(Token::Gap)) {
                    return Err(PatternError::at(start, 3, "two gaps `...` in a row"));
                }
                tokens.push(Token::Gap);
            } else if c == '\\' {
                let start = self.pos;
                self.bump();
                match self.bump() {
                    Some(escaped) if is_special(escaped) => word.push(escaped),
                    Some(other) => {
                        return Err(PatternError::at(
                            start,
                            1 + other.len_utf8(),
                            format!(
                                "unknown escape `\\{other}`: only ( ) | {{ }} \\ can be escaped"
                            ),
                        ))
                    }
                    None => return Err(PatternError::at(start, 1, "pattern ends with `\\`")),
                }
            } else if c == '{' {
                flush(&mut word, &mut tokens);
                tokens.push(self.placeholder()?);
            } else if c == '}' {
                return Err(PatternError::at(self.pos, 1, "unmatched `}`"));
            } else if c == '(' {
                flush(&mut word, &mut tokens);
                tokens.push(self.choice(depth)?);
            } else if c == ')' || c == '|' {
                break;
            } else {
                word.push(c);
                self.bump();
            }
        }
        flush(&mut word, &mut tokens);
        Ok(tokens)
    }

    fn placeholder(&mut self) -> Result<Token, PatternError> {
        let start = self.pos;
        self.bump(); // `{`
        let Some(close) = self.rest().find('}') else {
            return Err(PatternError::at(
                start,
                self.text.len() - start,
                "unclosed `{`",
            ));
        };
        let word = self.rest().get(..close).unwrap_or("").trim().to_string();
        let word = word.as_str();
        self.pos += close + 1;
        match Placeholder::from_word(word) {
            Some(p) => Ok(Token::Placeholder(p)),
            None => {
                let names: Vec<&str> = Placeholder::all().map(|p| p.as_str()).collect();
                let mut error = PatternError::at(
                    start,
                    close + 2,
                    format!("unknown placeholder `{{{word}}}`"),
                );
                error.help = Some(match crate::suggest::did_you_mean(word, &names) {
                    Some(best) => format!("did you mean `{{{best}}}`?"),
                    None => format!(
                        "placeholders are {}",
                        names
                            .iter()
                            .map(|n| format!("{{{n}}}"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                });
                Err(error)
            }
        }
    }

    fn choice(&mut self, depth: usize) -> Result<Token, PatternError> {
        let start = self.pos;
        if depth >= 8 {
            return Err(PatternError::at(
                start,
                1,
                "choices nested too deeply (limit 8)",
            ));
        }
        self.bump(); // `(`
        let mut alternatives = Vec::new();
        loop {
            let alternative = self.sequence(depth + 1)?;
            let end = self.bump();
            if end.is_none() {
                return Err(PatternError::at(start, 1, "unclosed `(`"));
            }
            if alternative
                .iter()
                .any(|t| matches!(t, Token::Placeholder(_)))
            {
                return Err(PatternError::at(
                    start,
                    1,
                    "a placeholder cannot be inside a choice",
                ));
            }
            alternatives.push(alternative);
            if end == Some(')') {
                break;
            }
        }
        if alternatives.iter().all(Vec::is_empty) {
            return Err(PatternError::at(
                start,
                self.pos - start,
                "empty choice `()`",
            ));
        }
        Ok(Token::Choice(alternatives))
    }
}

fn flush(word: &mut String, tokens: &mut Vec<Token>) {
    if !word.is_empty() {
        tokens.push(Token::Word(normalize_word(word)));
        word.clear();
    }
}

/// Curly apostrophes and Unicode hyphens in a pattern match the straight ones
/// of normalized text (the same table folds both).
fn normalize_word(word: &str) -> String {
    word.chars().map(crate::text::fold::fold_char).collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn word(w: &str) -> Token {
        Token::Word(w.to_string())
    }

    #[test]
    fn words_gaps_choices_and_placeholders() {
        let tokens = parse("Kwon Youngse ... expressed {phrase} (over|during)").unwrap();
        assert_eq!(
            tokens,
            vec![
                word("Kwon"),
                word("Youngse"),
                Token::Gap,
                word("expressed"),
                Token::Placeholder(Placeholder::Phrase),
                Token::Choice(vec![vec![word("over")], vec![word("during")]]),
            ]
        );
    }

    #[test]
    fn quote_marks_separate_words_and_apostrophes_stay() {
        let tokens = parse("expressed “strong regret” over Korea’s").unwrap();
        assert_eq!(
            tokens,
            vec![
                word("expressed"),
                word("strong"),
                word("regret"),
                word("over"),
                word("Korea's")
            ]
        );
    }

    #[test]
    fn optional_choice_and_escapes() {
        let tokens = parse(r"(the|) \(South\) Korean").unwrap();
        assert_eq!(
            tokens,
            vec![
                Token::Choice(vec![vec![word("the")], vec![]]),
                word("(South)"),
                word("Korean"),
            ]
        );
    }

    #[test]
    fn unknown_placeholder_suggests_the_nearest() {
        let err = parse("Minister {nmae} said").unwrap_err();
        assert_eq!(err.offset, 9);
        assert_eq!(err.len, 6);
        assert_eq!(err.message, "unknown placeholder `{nmae}`");
        assert_eq!(err.help.as_deref(), Some("did you mean `{name}`?"));
    }

    #[test]
    fn structural_errors_point_at_the_spot() {
        assert_eq!(parse("a (b|c d").unwrap_err().offset, 2);
        assert_eq!(parse("a b) c").unwrap_err().offset, 3);
        assert_eq!(parse("a {number").unwrap_err().message, "unclosed `{`");
        assert_eq!(parse("a | b").unwrap_err().offset, 2);
        assert_eq!(parse("a } b").unwrap_err().message, "unmatched `}`");
        assert_eq!(parse("a () b").unwrap_err().message, "empty choice `()`");
        assert_eq!(parse("   ").unwrap_err().message, "empty pattern");
        assert!(parse("a ... ... b")
            .unwrap_err()
            .message
            .contains("two gaps"));
        assert!(parse(r"a \d")
            .unwrap_err()
            .message
            .contains("unknown escape"));
        assert!(parse("(a {name})")
            .unwrap_err()
            .message
            .contains("inside a choice"));
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        let deep = "(".repeat(10_000);
        assert!(parse(&deep)
            .unwrap_err()
            .message
            .contains("nested too deeply"));
    }

    #[test]
    fn tokens_write_back_as_pattern_text() {
        let text = r"Kwon ... said {phrase} (over|during the|) \(South\)";
        let tokens = parse(text).unwrap();
        let back: Vec<String> = tokens.iter().map(ToString::to_string).collect();
        assert_eq!(back.join(" "), text);
    }

    #[test]
    fn ellipsis_character_is_a_gap() {
        assert_eq!(
            parse("a … b").unwrap(),
            vec![word("a"), Token::Gap, word("b")]
        );
    }
}
