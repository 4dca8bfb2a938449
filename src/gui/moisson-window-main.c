/* moisson-window-main.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "moisson-application.h"
#include "moisson-window-module.h"

int
moisson_window_main (int   argc,
                     char *argv[])
{
  g_autoptr(MoissonApplication) app = moisson_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
