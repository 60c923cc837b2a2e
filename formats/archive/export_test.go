package archive

// SetWorkers makes ZIP archives be read n members at a time, and members
// over big bytes be read alone, until restore is called.
func SetWorkers(n int, big int64) (restore func()) {
	oldW, oldB := workers, bigMember
	workers = func() int { return n }
	bigMember = big
	return func() { workers, bigMember = oldW, oldB }
}
