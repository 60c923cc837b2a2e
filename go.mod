module github.com/scrub-project/scrub

go 1.26.8
