/* fuzz-common.c: what every fuzz target shares.
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib.h>

/* A critical or a warning is a broken promise of the code, whatever the
 * input: make it a crash the fuzzer keeps. Before main, so that targets
 * without LLVMFuzzerInitialize get it too. */
__attribute__((constructor)) static void
fuzz_common_init (void)
{
  g_log_set_always_fatal (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
}
