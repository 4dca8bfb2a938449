/* moisson-window-module.h
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

/* The window lives in a module of its own, loaded only when a window is
 * wanted: the commands (--export, --check-feed…) never load GTK. */
#define MOISSON_WINDOW_MODULE "libmoisson-window.so"
#define MOISSON_WINDOW_MAIN "moisson_window_main"

typedef int (*MoissonWindowMain) (int argc, char *argv[]);

int moisson_window_main (int argc, char *argv[]);
