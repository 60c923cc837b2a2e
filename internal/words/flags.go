package words

import "github.com/scrub-project/scrub/scrub"

// limitFlags names the command-line flag that raises each limit.
var limitFlags = map[scrub.LimitName]string{
	scrub.LimitInputSize:  "--max-size",
	scrub.LimitMemberSize: "--max-member",
	scrub.LimitTotalSize:  "--max-total",
	scrub.LimitMembers:    "--max-members",
	scrub.LimitDepth:      "--max-depth",
	scrub.LimitTime:       "--timeout",
}

// LimitFlag returns the flag of 'scrub clean' that raises limit, or "".
func LimitFlag(limit scrub.LimitName) string { return limitFlags[limit] }
