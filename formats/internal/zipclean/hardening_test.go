package zipclean_test

import (
	"bytes"
	"context"
	"errors"
	"runtime"
	"testing"

	"github.com/scrub-project/scrub/formats/internal/zipclean"
	"github.com/scrub-project/scrub/internal/hostile"
	"github.com/scrub-project/scrub/scrub"
)

// A member whose header declares far more than its compressed bytes can
// hold must not get a buffer of the declared size: a few hundred bytes of
// file would otherwise cost 60 MiB.
func TestReadAllDoesNotTrustDeclaredSize(t *testing.T) {
	var b bytes.Buffer
	err := hostile.Zip(&b, hostile.Archive{Entries: []hostile.Entry{{Name: "content.xml", Data: []byte("<a>small</a>"), DeclaredSize: 60 << 20}}})
	if err != nil {
		t.Fatal(err)
	}
	env := scrub.NewEnv(nil, scrub.Limits{}, scrub.Policy{})
	a, err := zipclean.Open(context.Background(), env, "odt", bytes.NewReader(b.Bytes()), int64(b.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err = a.Members[0].ReadAll(context.Background())
	runtime.ReadMemStats(&after)
	if !errors.Is(err, scrub.ErrMalformed) {
		t.Errorf("ReadAll: %v, want ErrMalformed (smaller than declared)", err)
	}
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 1<<20 {
		t.Errorf("ReadAll allocated %d MiB for a 12-byte member", grew>>20)
	}
}

// Without an Env (Identify) the user's limits are unknown: a member over
// the default size limit is not refused there, so that a raised
// --max-member can take effect in Inspect.
func TestOpenWithoutEnvHasNoMemberSizeLimit(t *testing.T) {
	var b bytes.Buffer
	over := uint64(scrub.DefaultLimits.MaxMemberSize) + 1
	err := hostile.Zip(&b, hostile.Archive{Entries: []hostile.Entry{{Name: "big.xml", Data: []byte("<a/>"), DeclaredSize: over}}})
	if err != nil {
		t.Fatal(err)
	}
	r := bytes.NewReader(b.Bytes())
	if _, err := zipclean.Open(context.Background(), nil, "", r, int64(b.Len())); err != nil {
		t.Errorf("without an env: %v", err)
	}
	env := scrub.NewEnv(nil, scrub.Limits{}, scrub.Policy{})
	_, err = zipclean.Open(context.Background(), env, "", r, int64(b.Len()))
	var fe *scrub.FormatError
	if !errors.Is(err, scrub.ErrLimit) || !errors.As(err, &fe) || fe.Limit != scrub.LimitMemberSize || fe.Hint != "" {
		t.Errorf("with the default limits: %v, want ErrLimit naming the member size and no hint", err)
	}
	env = scrub.NewEnv(nil, scrub.Limits{MaxMemberSize: int64(over)}, scrub.Policy{})
	if _, err := zipclean.Open(context.Background(), env, "", r, int64(b.Len())); err != nil {
		t.Errorf("with the limit raised: %v", err)
	}
}
