package archive

// SetWorkers makes ZIP archives be read n members at a time, and members
// over big bytes be read alone, until restore is called.
func SetWorkers(n int, big int64) (restore func()) {
	oldW, oldB := workers, bigMember
	workers = func() int { return n }
	bigMember = big
	return func() { workers, bigMember = oldW, oldB }
}

// SetSharedBudget bounds the members handed over between passes at n
// bytes until restore is called.
func SetSharedBudget(n int64) (restore func()) {
	old := sharedBudget
	sharedBudget = n
	return func() { sharedBudget = old }
}

// HandedOver returns how many members one pass has taken from another.
func HandedOver() int64 { return handedOver.Load() }

// SharedLeft returns how many members and bytes are waiting to be taken.
func SharedLeft() (int, int64) {
	share.mu.Lock()
	defer share.mu.Unlock()
	return len(share.entries), share.held
}
