/* moisson-initiative.h
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  MOISSON_KIND_UNKNOWN,
  MOISSON_KIND_PROJECT,
  MOISSON_KIND_TEAM,       /* an innovation team or lab */
  MOISSON_KIND_PLACE,
  MOISSON_KIND_NETWORK,
} MoissonKind;

typedef enum
{
  MOISSON_STATUS_UNKNOWN,
  MOISSON_STATUS_IDEA,
  MOISSON_STATUS_EXPERIMENT,
  MOISSON_STATUS_RUNNING,
  MOISSON_STATUS_SPREAD,   /* spread to other départements */
  MOISSON_STATUS_ENDED,
} MoissonStatus;

typedef struct
{
  char *label;
  char *url;
} MoissonLink;

/* The "portrait-robot" card of an innovation team (2017 workshop of the
 * pioneer départements). Every part may be NULL. */
typedef struct
{
  char *vision;
  char *activities;
  char *methods;
  char *team;
  char *budget;
  char *place;
  char *communication;
  char *governance;
} MoissonPortrait;

/* The part a département played in an initiative's spread: where it
 * started, or where it was taken up. */
typedef enum
{
  MOISSON_SPREAD_ORIGIN,
  MOISSON_SPREAD_ADOPTER,
} MoissonSpreadRole;

typedef struct
{
  char *departement;   /* INSEE code, one of the initiative's départements */
  MoissonSpreadRole role;
  int year;            /* 0: not known */
} MoissonSpreadStep;

/* What a facilitator decided about a contribution. */
typedef enum
{
  MOISSON_REVIEW_PENDING,
  MOISSON_REVIEW_ACCEPTED,
  MOISSON_REVIEW_REJECTED,
} MoissonReview;

/* Initiatives added during a workshop carry who added them, where, when,
 * and what became of them. */
/* Where a contribution stands with the server it is sent to. */
typedef enum
{
  MOISSON_SYNC_LOCAL,
  MOISSON_SYNC_SENT,       /* received, waiting for a moderator */
  MOISSON_SYNC_FAILED,     /* not received: sent again later */
  MOISSON_SYNC_ACCEPTED,   /* published in the server's feed */
  MOISSON_SYNC_REFUSED,    /* by a moderator or by the server's checks: not sent again */
} MoissonSync;

#define MOISSON_SYNC_REACHED_SERVER(sync) \
  ((sync) == MOISSON_SYNC_SENT || (sync) == MOISSON_SYNC_ACCEPTED || (sync) == MOISSON_SYNC_REFUSED)

typedef struct
{
  char *author;
  char *workshop;
  char *created;       /* ISO 8601 */
  MoissonReview review;
  MoissonSync sync;    /* of this revision: a new revision is not sent yet */
  char *sync_error;    /* why the last sending failed, or why it was refused */
  guint revision;      /* counts the saved changes, from 1; 0 before the first save */
} MoissonContribution;

/* What the form of a new initiative holds; NULL or 0 for what is empty. */
typedef struct
{
  char *id;            /* NULL: a new id is made */
  char *title;
  GStrv departements;
  GStrv fields;
  MoissonKind kind;
  MoissonStatus status;
  int year;
  char *summary;
  GStrv actors;
  char *contact;
  char *link;
  char *author;
  char *workshop;
  MoissonPortrait *portrait;   /* a team's portrait-robot; NULL for none */
} MoissonDraft;

/* A problem of a draft, for the form to show next to the right entry. */
typedef struct
{
  const char *field;   /* "title", "departements", "fields", "link", "year" */
  char *message;
} MoissonDraftProblem;

#define MOISSON_TYPE_INITIATIVE (moisson_initiative_get_type ())

G_DECLARE_FINAL_TYPE (MoissonInitiative, moisson_initiative, MOISSON, INITIATIVE, GObject)

const char            *moisson_initiative_get_id            (MoissonInitiative *self);
const char            *moisson_initiative_get_title         (MoissonInitiative *self);
const char            *moisson_initiative_get_summary       (MoissonInitiative *self);
const char            *moisson_initiative_get_description   (MoissonInitiative *self);
const char * const    *moisson_initiative_get_departements  (MoissonInitiative *self);
gboolean               moisson_initiative_has_departement   (MoissonInitiative *self,
                                                             const char        *code);
const char * const    *moisson_initiative_get_fields        (MoissonInitiative *self);
gboolean               moisson_initiative_has_field         (MoissonInitiative *self,
                                                             const char        *field);
MoissonKind            moisson_initiative_get_kind          (MoissonInitiative *self);
MoissonStatus          moisson_initiative_get_status        (MoissonInitiative *self);
int                    moisson_initiative_get_year          (MoissonInitiative *self);
const char * const    *moisson_initiative_get_actors        (MoissonInitiative *self);
const char * const    *moisson_initiative_get_partners      (MoissonInitiative *self);
const char * const    *moisson_initiative_get_tags          (MoissonInitiative *self);
const char            *moisson_initiative_get_contact       (MoissonInitiative *self);
guint                  moisson_initiative_get_n_links       (MoissonInitiative *self);
const MoissonLink     *moisson_initiative_get_link          (MoissonInitiative *self,
                                                             guint              index);
gboolean               moisson_initiative_get_location      (MoissonInitiative *self,
                                                             double            *lon,
                                                             double            *lat);
const char            *moisson_initiative_get_source        (MoissonInitiative *self);
const char            *moisson_initiative_get_source_url    (MoissonInitiative *self);
const char            *moisson_initiative_get_updated       (MoissonInitiative *self);
const MoissonPortrait *moisson_initiative_get_portrait      (MoissonInitiative *self);
const char * const    *moisson_initiative_get_extra         (MoissonInitiative *self);
guint                  moisson_initiative_get_n_spread_steps (MoissonInitiative *self);
const MoissonSpreadStep *moisson_initiative_get_spread_step  (MoissonInitiative *self,
                                                             guint              index);
const MoissonSpreadStep *moisson_initiative_get_spread_origin (MoissonInitiative *self);
guint                  moisson_initiative_count_adopters    (MoissonInitiative *self);
gboolean               moisson_initiative_get_updated_date  (MoissonInitiative *self,
                                                             GDate             *date);
gboolean               moisson_initiative_is_stale          (MoissonInitiative *self,
                                                             const GDate       *today);
char                  *moisson_initiative_dup_age_label     (MoissonInitiative *self,
                                                             const GDate       *today);

const char            *moisson_kind_to_string               (MoissonKind        kind);
MoissonKind            moisson_kind_from_string             (const char        *text);
const char            *moisson_kind_get_label               (MoissonKind        kind);
const char            *moisson_status_to_string             (MoissonStatus      status);
MoissonStatus          moisson_status_from_string           (const char        *text);
const char            *moisson_status_get_label             (MoissonStatus      status);
const char            *moisson_spread_role_to_string        (MoissonSpreadRole  role);
gboolean               moisson_uri_is_safe_link             (const char        *uri);

const MoissonContribution *moisson_initiative_get_contribution (MoissonInitiative *self);
const char            *moisson_initiative_get_contribution_label (MoissonInitiative *self);
MoissonInitiative     *moisson_initiative_new_from_draft    (const MoissonDraft *draft);
MoissonDraft          *moisson_initiative_to_draft          (MoissonInitiative *self);
MoissonInitiative     *moisson_initiative_with_review       (MoissonInitiative *self,
                                                             MoissonReview      review);
void                   moisson_draft_free                   (MoissonDraft      *draft);
GPtrArray             *moisson_draft_validate               (const MoissonDraft *draft,
                                                             GPtrArray         *known_fields);
const char            *moisson_review_to_string             (MoissonReview      review);
MoissonReview          moisson_review_from_string           (const char        *text);
const char            *moisson_sync_to_string               (MoissonSync        sync);
MoissonSync            moisson_sync_from_string             (const char        *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MoissonDraft, moisson_draft_free)

G_END_DECLS
