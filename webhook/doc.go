// Package webhook holds sparkhook's admission handlers — decode, decide,
// respond — on controller-runtime's admission contracts. The decisions
// themselves live in the pure packages templates and sparkconf; the
// handlers take their settings as values of internal/config, which owns
// the configuration file.
package webhook
