// Package ids validates the identifiers Huhang takes from forms: unified
// social credit codes, resident ID numbers, mobile numbers and division codes.
// Every check answers with a Chinese message fit to show beside the input,
// because these fields are typed by clerks and students, not by programs.
package ids

import (
	"fmt"
	"strings"
)

// Error says in Chinese what is wrong with one identifier. Code is stable for
// programs and tests; Message is for people and may be reworded.
type Error struct {
	Code    string
	Message string
}

// Error returns only the Chinese message so that it can go straight into a
// form's field error without stripping a prefix.
func (e *Error) Error() string { return e.Message }

// Codes of Error. They name the kind of fault, not the identifier: the caller
// already knows which field it checked.
const (
	CodeRequired   = "required"    // empty after trimming
	CodeLength     = "length"      // wrong number of characters
	CodeCharacter  = "character"   // a character that may not appear there
	CodePrefix     = "prefix"      // a leading part outside the allowed ranges
	CodeAuthority  = "authority"   // credit code: unknown registration authority
	CodeDivision   = "division"    // embedded division code malformed
	CodeBirthDate  = "birth_date"  // ID number: impossible, too early or future birth date
	CodeCheckDigit = "check_digit" // the check character does not match
)

func fail(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// normalize undoes what Chinese input methods and copy-paste commonly add:
// full-width forms (“１２３Ａ”, typed in full-width mode) and surrounding
// spaces, including the ideographic space U+3000. Inner spaces stay, so that a
// broken number is reported rather than silently joined.
func normalize(s string) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\u3000':
			return ' '
		case r >= '\uFF01' && r <= '\uFF5E':
			return r - 0xFF01 + '!'
		}
		return r
	}, s)
	return strings.TrimSpace(s)
}

func isDigit(b byte) bool { return b >= '0' && b <= '9' }

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

// runeCount is what a person counts on screen; byte length would call a
// Chinese character three characters.
func runeCount(s string) int { return len([]rune(s)) }
