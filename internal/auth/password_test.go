package auth

import (
	"strings"
	"testing"
)

func TestHashAndVerify(t *testing.T) {
	hash, err := HashPassword("Correct-Horse-9")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(hash, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("unexpected encoding %q", hash)
	}
	if ok, err := VerifyPassword(hash, "Correct-Horse-9"); err != nil || !ok {
		t.Fatalf("right password refused: %v %v", ok, err)
	}
	if ok, _ := VerifyPassword(hash, "Correct-Horse-8"); ok {
		t.Fatal("wrong password accepted")
	}
	other, _ := HashPassword("Correct-Horse-9")
	if other == hash {
		t.Fatal("two hashes of one password must differ by salt")
	}
	for _, bad := range []string{"", "$argon2i$v=19$m=1,t=1,p=1$AA$AA", "$argon2id$v=19$m=x$AA$AA", "$argon2id$v=19$m=1,t=1,p=1$!!$AA"} {
		if _, err := VerifyPassword(bad, "x"); err == nil {
			t.Errorf("malformed hash %q accepted", bad)
		}
	}
}

func TestPasswordPolicy(t *testing.T) {
	cases := []struct {
		username, password string
		problems           int
		mention            string
	}{
		{"school1", "Abcdefgh12", 0, ""},
		{"school1", "abc-defg-12", 0, ""},          // lower, symbol, digit
		{"school1", "Abcdefg12", 1, "至少需要 10 个字符"}, // 9 characters
		{"school1", "abcdefghij", 1, "至少三类"},
		{"school1", "ABCDEFGH12", 1, "至少三类"}, // two classes only
		{"school1", "My-School1-pw", 1, "用户名"},
		{"school1", "short", 2, ""},
		{"teacher", "护航平台密码Ab1x", 0, ""}, // Chinese counts as "other"
	}
	for _, tc := range cases {
		got := PasswordProblems(tc.username, tc.password)
		if len(got) != tc.problems {
			t.Errorf("%q: want %d problems, got %v", tc.password, tc.problems, got)
			continue
		}
		if tc.mention != "" && !strings.Contains(strings.Join(got, ";"), tc.mention) {
			t.Errorf("%q: want a problem mentioning %q, got %v", tc.password, tc.mention, got)
		}
	}
}
