// Package examples embeds sparkhook's example templates, which `sparkhook
// serve` and `sparkhook mutate` use when given neither --templates nor a
// cluster, so that the offline commands work out of the box.
package examples

import "embed"

// Templates holds templates/*.yaml.
//
//go:embed templates/*.yaml
var Templates embed.FS
