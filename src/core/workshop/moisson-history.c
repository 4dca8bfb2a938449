/* moisson-history.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "moisson-history.h"

/* A step is what was there before and what is there after: NULL before
 * is an add, NULL after a delete, both an edit. */
typedef struct
{
  MoissonInitiative *before;
  MoissonInitiative *after;
} Step;

struct _MoissonHistory
{
  GObject parent_instance;

  MoissonContributionStore *store;
  GArray *done;       /* Step, oldest first */
  GArray *undone;     /* Step, most recently undone last */
};

G_DEFINE_FINAL_TYPE (MoissonHistory, moisson_history, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CAN_UNDO,
  PROP_CAN_REDO,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
clear_step (gpointer data)
{
  Step *step = data;

  g_clear_object (&step->before);
  g_clear_object (&step->after);
}

static void
notify_state (MoissonHistory *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_UNDO]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_REDO]);
}

/* Makes the store go from one side of a step to the other. */
static gboolean
apply (MoissonHistory     *self,
       MoissonInitiative  *from,
       MoissonInitiative  *to,
       GError            **error)
{
  if (from == NULL)
    return moisson_contribution_store_add (self->store, to, error);
  if (to == NULL)
    return moisson_contribution_store_remove (self->store, moisson_initiative_get_id (from), error);
  return moisson_contribution_store_replace (self->store, to, error);
}

static gboolean
record (MoissonHistory     *self,
        MoissonInitiative  *before,
        MoissonInitiative  *after,
        GError            **error)
{
  Step step = { before ? g_object_ref (before) : NULL, after ? g_object_ref (after) : NULL };
  gboolean saved = apply (self, before, after, error);

  /* Recorded even when the save failed: the change is in memory. */
  g_array_append_val (self->done, step);
  g_array_set_size (self->undone, 0);
  notify_state (self);
  return saved;
}

static void
moisson_history_finalize (GObject *object)
{
  MoissonHistory *self = (MoissonHistory *) object;

  g_clear_object (&self->store);
  g_array_unref (self->done);
  g_array_unref (self->undone);

  G_OBJECT_CLASS (moisson_history_parent_class)->finalize (object);
}

static void
moisson_history_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  MoissonHistory *self = MOISSON_HISTORY (object);

  switch (prop_id)
    {
    case PROP_CAN_UNDO:
      g_value_set_boolean (value, moisson_history_can_undo (self));
      break;
    case PROP_CAN_REDO:
      g_value_set_boolean (value, moisson_history_can_redo (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
moisson_history_class_init (MoissonHistoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = moisson_history_finalize;
  object_class->get_property = moisson_history_get_property;

  properties[PROP_CAN_UNDO] = g_param_spec_boolean ("can-undo", NULL, NULL, FALSE,
                                                    G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_REDO] = g_param_spec_boolean ("can-redo", NULL, NULL, FALSE,
                                                    G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
moisson_history_init (MoissonHistory *self)
{
  self->done = g_array_new (FALSE, TRUE, sizeof (Step));
  self->undone = g_array_new (FALSE, TRUE, sizeof (Step));
  g_array_set_clear_func (self->done, clear_step);
  g_array_set_clear_func (self->undone, clear_step);
}

MoissonHistory *
moisson_history_new (MoissonContributionStore *store)
{
  MoissonHistory *self;

  g_return_val_if_fail (MOISSON_IS_CONTRIBUTION_STORE (store), NULL);

  self = g_object_new (MOISSON_TYPE_HISTORY, NULL);
  self->store = g_object_ref (store);
  return self;
}

gboolean
moisson_history_add (MoissonHistory     *self,
                     MoissonInitiative  *initiative,
                     GError            **error)
{
  g_return_val_if_fail (MOISSON_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (MOISSON_IS_INITIATIVE (initiative), FALSE);

  return record (self, NULL, initiative, error);
}

gboolean
moisson_history_replace (MoissonHistory     *self,
                         MoissonInitiative  *initiative,
                         GError            **error)
{
  MoissonInitiative *before;

  g_return_val_if_fail (MOISSON_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (MOISSON_IS_INITIATIVE (initiative), FALSE);

  before = moisson_contribution_store_lookup (self->store, moisson_initiative_get_id (initiative));
  g_return_val_if_fail (before != NULL, FALSE);
  return record (self, before, initiative, error);
}

gboolean
moisson_history_remove (MoissonHistory  *self,
                        const char      *id,
                        GError         **error)
{
  MoissonInitiative *before;

  g_return_val_if_fail (MOISSON_IS_HISTORY (self), FALSE);

  before = moisson_contribution_store_lookup (self->store, id);
  g_return_val_if_fail (before != NULL, FALSE);
  return record (self, before, NULL, error);
}

/**
 * moisson_history_peek:
 * @undo: %TRUE for the step the next undo reverts, %FALSE for the one the
 *   next redo does again
 * @initiative: (out) (optional) (transfer none): the contribution it is
 *   about, as it was after the step (before it, for a removal)
 *
 * Returns: what that step did; %MOISSON_HISTORY_STEP_NONE when there is none
 */
MoissonHistoryStep
moisson_history_peek (MoissonHistory     *self,
                      gboolean            undo,
                      MoissonInitiative **initiative)
{
  GArray *steps;
  const Step *step;

  g_return_val_if_fail (MOISSON_IS_HISTORY (self), MOISSON_HISTORY_STEP_NONE);

  steps = undo ? self->done : self->undone;
  if (initiative != NULL)
    *initiative = NULL;
  if (steps->len == 0)
    return MOISSON_HISTORY_STEP_NONE;
  step = &g_array_index (steps, Step, steps->len - 1);
  if (initiative != NULL)
    *initiative = step->after != NULL ? step->after : step->before;
  if (step->before == NULL)
    return MOISSON_HISTORY_STEP_ADDED;
  return step->after == NULL ? MOISSON_HISTORY_STEP_REMOVED : MOISSON_HISTORY_STEP_CHANGED;
}

static gboolean
steps_add (GArray     *steps,
           const char *id)
{
  for (guint i = 0; i < steps->len; i++)
    {
      const Step *step = &g_array_index (steps, Step, i);

      if (step->before == NULL && step->after != NULL && g_strcmp0 (moisson_initiative_get_id (step->after), id) == 0)
        return TRUE;
    }
  return FALSE;
}

/**
 * moisson_history_added:
 *
 * Returns: whether @id was added through this history: typed here, not
 *   imported or written by another program
 */
gboolean
moisson_history_added (MoissonHistory *self,
                       const char     *id)
{
  g_return_val_if_fail (MOISSON_IS_HISTORY (self), FALSE);

  return id != NULL && (steps_add (self->done, id) || steps_add (self->undone, id));
}

gboolean
moisson_history_can_undo (MoissonHistory *self)
{
  g_return_val_if_fail (MOISSON_IS_HISTORY (self), FALSE);
  return self->done->len > 0;
}

gboolean
moisson_history_can_redo (MoissonHistory *self)
{
  g_return_val_if_fail (MOISSON_IS_HISTORY (self), FALSE);
  return self->undone->len > 0;
}

/* Moves the last step of one list to the other, applying it one way. */
static gboolean
move_step (MoissonHistory  *self,
           GArray          *from_list,
           GArray          *to_list,
           gboolean         backwards,
           GError         **error)
{
  Step step;
  gboolean saved;

  if (from_list->len == 0)
    return TRUE;

  step = g_array_index (from_list, Step, from_list->len - 1);
  /* Take the references over before the slot is cleared. */
  g_array_index (from_list, Step, from_list->len - 1) = (Step) { NULL, NULL };
  g_array_set_size (from_list, from_list->len - 1);

  saved = backwards ? apply (self, step.after, step.before, error)
                    : apply (self, step.before, step.after, error);
  g_array_append_val (to_list, step);
  notify_state (self);
  return saved;
}

gboolean
moisson_history_undo (MoissonHistory  *self,
                      GError         **error)
{
  g_return_val_if_fail (MOISSON_IS_HISTORY (self), FALSE);
  return move_step (self, self->done, self->undone, TRUE, error);
}

gboolean
moisson_history_redo (MoissonHistory  *self,
                      GError         **error)
{
  g_return_val_if_fail (MOISSON_IS_HISTORY (self), FALSE);
  return move_step (self, self->undone, self->done, FALSE, error);
}
