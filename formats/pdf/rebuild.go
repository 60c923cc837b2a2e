package pdf

import (
	"errors"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
	"github.com/scrub-project/scrub/scrub"
)

// The rebuild: the cleaned document is built anew from the catalog and the
// page tree, object by object, each one through the allowlist of its role
// (schema.go). The parsed file is only read; the new objects are numbered
// in the order they are first referenced (dictionary keys sorted), so the
// same document always gives the same bytes.

var errNesting = errors.New("objects nested too deep")

// outKey identifies a written object: an object of the file in one role.
// An object used in two roles (rare: an image that is also a soft mask)
// is written twice, each copy cleaned for its role.
type outKey struct {
	num  int
	role role
}

type queued struct {
	num   int
	role  role
	out   int
	where string
}

// ref returns the reference to written object n.
func ref(n int) types.IndirectRef {
	return types.IndirectRef{ObjectNumber: types.Integer(n), GenerationNumber: 0}
}

// alloc reserves the next object number of the output for key.
func (d *doc) alloc(key outKey) int {
	d.out = append(d.out, nil)
	n := len(d.out)
	if key.num > 0 {
		d.outNum[key] = n
	}
	return n
}

// conv keeps v as an object of role r: a direct value is cleaned in place,
// a reference is written as its own object (once per role).
func (d *doc) conv(v types.Object, r role, where string) (types.Object, bool) {
	if d.err != nil {
		return nil, false
	}
	switch t := v.(type) {
	case nil:
		return nil, false
	case types.IndirectRef:
		return d.refTo(t.ObjectNumber.Value(), r, where)
	}
	r = d.concrete(r, v)
	if !d.accepts(r, v, 0) {
		return nil, false
	}
	o := d.build(r, v, 0, where)
	return o, o != nil
}

// follow resolves an object that is only a reference to another ("5 0 obj
// 7 0 R endobj") to the object it stands for.
func (d *doc) follow(n int) int {
	for range 8 {
		r, ok := d.object(n).(types.IndirectRef)
		if !ok {
			break
		}
		n = r.ObjectNumber.Value()
	}
	return n
}

// refTo keeps object n of the file as an object of role r, written on its
// own, and returns the reference to it.
func (d *doc) refTo(n int, r role, where string) (types.Object, bool) {
	n = d.follow(n)
	o := d.object(n)
	if o == nil {
		return nil, false
	}
	r = d.concrete(r, o)
	key := outKey{n, r}
	if out, ok := d.outNum[key]; ok {
		return ref(out), true
	}
	if !d.accepts(r, o, n) {
		return nil, false
	}
	out := d.alloc(key)
	d.queue = append(d.queue, queued{n, r, out, where})
	if r == roleContent {
		d.contentOf[n] = where
	}
	return ref(out), true
}

// concrete narrows a role that depends on the object (an XObject is an
// image or a form; a property list may be a layer).
func (d *doc) concrete(r role, o types.Object) role {
	switch r {
	case roleXObject:
		if sd, ok := o.(types.StreamDict); ok {
			switch d.name(sd.Dict["Subtype"]) {
			case "Image":
				return roleImage
			case "Form":
				return roleForm
			}
		}
		return roleNone
	case roleField:
		if dict, ok := o.(types.Dict); ok && d.name(dict["Subtype"]) == "Widget" {
			return roleAnnot
		}
	case roleProperties, roleOC:
		dict, ok := o.(types.Dict)
		if !ok {
			return roleNone
		}
		switch d.name(dict["Type"]) {
		case "OCG":
			return roleOCG
		case "OCMD":
			return roleOCMD
		}
		if r == roleProperties {
			return rolePropertyList
		}
		return roleNone
	}
	return r
}

// accepts reports whether o has the shape role r needs (checked before an
// object number is given out, so that no reference points to nothing).
func (d *doc) accepts(r role, o types.Object, n int) bool {
	if r == roleNone {
		return false
	}
	switch o.(type) {
	case types.ObjectStreamDict, types.XRefStreamDict, types.LazyObjectStreamObject:
		return false
	}
	switch roles[r].shape {
	case shapeDict:
		_, ok := o.(types.Dict)
		return ok && d.acceptsDict(r, o.(types.Dict), n)
	case shapeStream:
		_, ok := o.(types.StreamDict)
		return ok
	case shapeDictOrStream:
		switch o.(type) {
		case types.Dict, types.StreamDict:
			return true
		}
		return false
	case shapeArray:
		_, ok := o.(types.Array)
		return ok
	case shapeAny:
		switch r {
		case roleColorSpace:
			switch o.(type) {
			case types.Name, types.Array:
				return true
			}
			return false
		case roleOCGList:
			_, ok := o.(types.Array)
			return ok
		case roleFileSpec:
			switch o.(type) {
			case types.Dict, types.StringLiteral, types.HexLiteral:
				return true
			}
			return false
		}
	}
	return false
}

// acceptsDict applies the checks of roles whose objects can be refused as
// a whole (annotations that go, fields with no widget left, structure
// elements of deleted pages).
func (d *doc) acceptsDict(r role, dict types.Dict, n int) bool {
	switch r {
	case roleAnnot:
		return d.keepAnnot(dict, n)
	case roleStructElem:
		return d.structKept(dict, n)
	case roleField:
		return d.fieldKept(n)
	case roleAction:
		return d.actionKept(dict, n)
	}
	return true
}

// build returns the cleaned copy of o (already accepted) in role r. n is
// o's object number in the file, 0 for a direct object.
func (d *doc) build(r role, o types.Object, n int, where string) types.Object {
	def := &roles[r]
	if def.build != nil {
		return def.build(d, o, n, where)
	}
	switch t := o.(type) {
	case types.Dict:
		return d.buildDict(def, t, where)
	case types.StreamDict:
		return d.buildStream(def, t, n, where)
	}
	return nil
}

// buildDict keeps the allowlisted keys of dict.
func (d *doc) buildDict(def *roleDef, dict types.Dict, where string) types.Dict {
	out := types.Dict{}
	for _, k := range sortedKeys(dict) {
		v := dict[k]
		if def.values != roleNone {
			if o, ok := d.conv(v, def.values, where); ok {
				out[k] = o
			}
			continue
		}
		c, ok := def.keys[k]
		if !ok {
			if k != "Length" {
				d.dropKey(k, v, where)
			}
			continue
		}
		if o, ok := c(d, v, where); ok && o != nil {
			out[k] = o
		}
	}
	return out
}

// buildStream keeps the allowlisted keys of a stream's dictionary and its
// data, transformed by the role's payload function. n is the stream's
// object number.
func (d *doc) buildStream(def *roleDef, sd types.StreamDict, n int, where string) types.Object {
	out := types.StreamDict{Dict: d.buildDict(def, sd.Dict, where), Raw: sd.Raw}
	// Listing the parts (d.parts) needs the payloads neither cleaned nor
	// looked at: Parts decodes every stream itself, and what the payloads
	// find is reported by Inspect and Clean (an error included).
	if def.payload != nil && !d.parts {
		if err := def.payload(d, sd, &out, n, where); err != nil {
			d.fail(err)
			return nil
		}
	}
	return out
}

// simpleValue keeps numbers, names, strings, booleans and arrays of them
// (an indirect array of them is written as its own object at the top
// level); dictionaries and streams are not simple.
func (d *doc) simpleValue(v types.Object, depth int) (types.Object, bool) {
	if depth > maxNesting {
		d.fail(scrub.Malformed(formatName, errNesting, "the PDF structure is too deep"))
		return nil, false
	}
	switch t := v.(type) {
	case nil:
		return nil, false
	case types.IndirectRef:
		o, n := d.resolve(t)
		if _, ok := o.(types.Array); ok && depth == 0 && n > 0 {
			return d.refTo(n, roleSimple, "")
		}
		switch o.(type) {
		case types.IndirectRef, types.Dict, types.StreamDict:
			return nil, false
		}
		return d.simpleValue(o, depth+1)
	case types.Integer, types.Float, types.Name, types.StringLiteral, types.HexLiteral, types.Boolean:
		return t, true
	case types.Array:
		out := make(types.Array, len(t))
		for i, e := range t {
			if s, ok := d.simpleValue(e, depth+1); ok {
				out[i] = s
			}
		}
		return out, true
	}
	return nil, false
}

// fail records the first error; the rebuild stops at the next step.
func (d *doc) fail(err error) {
	if d.err == nil {
		d.err = err
	}
}

// drain builds the queued objects until none is left.
func (d *doc) drain() error {
	for i := 0; i < len(d.queue); i++ {
		if i%512 == 0 {
			if err := d.ctx.Err(); err != nil {
				return err
			}
		}
		if d.err != nil {
			return d.err
		}
		q := d.queue[i]
		o := d.object(q.num)
		// An accepted object whose parts all go (a colour space whose
		// profile is unreadable) is written as null.
		d.out[q.out-1] = d.build(q.role, o, q.num, q.where)
	}
	d.queue = d.queue[:0]
	return d.err
}
