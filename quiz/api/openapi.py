"""The OpenAPI 3 document of /api/v1. A test checks that it names every API route and validates."""
from __future__ import annotations


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict, description: str = "OK") -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _errors(*codes: int) -> dict:
    reasons = {400: "Malformed request", 401: "Not signed in", 403: "Not allowed for this role",
               404: "Not found (or not yours)",
               409: "Conflict (already submitted, already answered, time over)", 429: "Too many attempts"}
    return {str(code): _json(_ref("Error"), reasons[code]) for code in codes}


def _body(schema: dict) -> dict:
    return {"required": True, "content": {"application/json": {"schema": schema}}}


SESSION_ID = {"name": "session_id", "in": "path", "required": True, "schema": {"type": "integer"}}
QUESTION_ID = {"name": "question_id", "in": "path", "required": True, "schema": {"type": "string"}}
CLASS_ID = {"name": "class_id", "in": "path", "required": True, "schema": {"type": "integer"}}
ITEM_ID = {"name": "item_id", "in": "path", "required": True, "schema": {"type": "integer"}}
AUTH = [{"bearer": []}]

RESPONSE_VALUE = {
    "description": 'single "B"; multiple "ACD"; truefalse true/false; fill ["…", …]; free text "…"; '
                   'case {"a": …, "b": …}',
    "oneOf": [
        {"type": "string"},
        {"type": "boolean"},
        {"type": "array", "items": {"type": "string"}},
        {"type": "object", "additionalProperties": True},
    ],
}

GRADING_FIELDS = {
    "detail": {"type": "object", "description": "free text: points [{point, score, hit, matched, missing, negated}]; "
                                                "case: parts {id: {score, points…}}; fill: blanks"},
    "machine_score": {"type": ["number", "null"]},
    "needs_review": {"type": "boolean", "description": "a trainer should look (grader unsure or point disputed)"},
    "disputed": {"type": "array", "items": {"type": "string"}},
    "trainer_score": {"type": ["number", "null"], "description": "replaces the machine's score when set"},
    "grade_comment": {"type": ["string", "null"]},
}

SCHEMAS = {
    "Error": {"type": "object", "required": ["error"], "properties": {"error": {"type": "string"}}},
    "Credentials": {
        "type": "object", "required": ["username", "password"],
        "properties": {"username": {"type": "string", "minLength": 3, "maxLength": 32},
                       "password": {"type": "string", "minLength": 8, "maxLength": 256}},
    },
    "User": {"type": "object", "required": ["id", "username", "role"],
             "properties": {"id": {"type": "integer"}, "username": {"type": "string"},
                            "role": {"type": "string", "enum": ["student", "trainer", "admin"]}}},
    "Token": {"type": "object", "required": ["token"],
              "properties": {"token": {"type": "string"}, "user": _ref("User")}},
    "Topic": {"type": "object", "required": ["id", "title", "question_count"],
              "properties": {"id": {"type": "string"}, "title": {"type": "string"},
                             "chapter": {"type": ["string", "null"]}, "question_count": {"type": "integer"}}},
    "ExamSection": {"type": "object", "required": ["title", "type", "count", "score"],
                    "properties": {"title": {"type": "string"}, "type": {"type": "string"},
                                   "count": {"type": "integer"}, "score": {"type": "number"},
                                   "partial": {"type": "boolean"}}},
    "Exam": {"type": "object", "required": ["id", "title", "duration", "pass_mark", "total_score", "sections"],
             "properties": {"id": {"type": "string"}, "title": {"type": "string"},
                            "description": {"type": ["string", "null"]},
                            "duration": {"type": "integer", "description": "minutes"},
                            "pass_mark": {"type": "number"}, "total_score": {"type": "number"},
                            "sections": {"type": "array", "items": _ref("ExamSection")}}},
    "NewSession": {
        "type": "object", "required": ["mode"],
        "properties": {"mode": {"type": "string", "enum": ["practice", "exam"]},
                       "topics": {"type": "array", "items": {"type": "string"}},
                       "types": {"type": "array", "items": {"type": "string", "enum": [
                           "single", "multiple", "truefalse", "fill", "definition", "short", "essay", "case"]}},
                       "count": {"type": "integer", "minimum": 1, "maximum": 100},
                       "study": {"type": "boolean", "description": "背题模式: answers shown at once"},
                       "source": {"type": "string", "enum": ["topics", "review", "mistakes", "starred", "weak"],
                                  "description": "practice drawn from chosen topics (default), today's reviews, "
                                                 "the 错题本, 收藏, or the weakest topics"},
                       "exam": {"type": "string", "description": "blueprint id, with mode exam"}},
    },
    "Question": {
        "type": "object", "required": ["id", "type", "stem_html", "max_score"],
        "properties": {
            "id": {"type": "string"}, "type": {"type": "string"}, "position": {"type": "integer"},
            "section": {"type": "integer"}, "max_score": {"type": "number"}, "stem_html": {"type": "string"},
            "options": {"type": "array", "items": {"type": "string"}},
            "blanks": {"type": "integer"},
            "parts": {"type": "array", "items": {"type": "object"}},
            "answer": {"description": "only in study mode or after submission"},
            "explanation_html": {"type": "string", "description": "only in study mode or after submission"},
        },
    },
    "Session": {
        "type": "object", "required": ["id", "mode", "questions"],
        "properties": {"id": {"type": "integer"}, "mode": {"type": "string"}, "study": {"type": "boolean"},
                       "title": {"type": "string"}, "started_at": {"type": "string", "format": "date-time"},
                       "deadline": {"type": "string", "format": "date-time"}, "submitted": {"type": "boolean"},
                       "pass_mark": {"type": ["number", "null"]},
                       "sections": {"type": "array", "items": {"type": "object"}},
                       "responses": {"type": "object", "additionalProperties": True},
                       "questions": {"type": "array", "items": _ref("Question")}},
    },
    "SessionSummary": {
        "type": "object", "required": ["id", "mode", "title"],
        "properties": {"id": {"type": "integer"}, "mode": {"type": "string"}, "title": {"type": "string"},
                       "started_at": {"type": "string"}, "submitted_at": {"type": ["string", "null"]},
                       "score": {"type": ["number", "null"]}, "max_score": {"type": "number"},
                       "passed": {"type": ["boolean", "null"]}},
    },
    "Answer": {"type": "object", "required": ["response"], "properties": {"response": RESPONSE_VALUE}},
    "AnswerResult": {
        "description": "practice: feedback; exam: {saved: true} and nothing more",
        "type": "object",
        "properties": {"saved": {"type": "boolean"}, "correct": {"type": ["boolean", "null"]},
                       "score": {"type": "number"}, "max_score": {"type": "number"},
                       "answer": {}, "explanation_html": {"type": "string"}, **GRADING_FIELDS},
    },
    "ResultItem": {
        "type": "object",
        "required": ["question_id", "response", "score", "max_score", "answer", "explanation_html"],
        "properties": {"question_id": {"type": "string"}, "response": {}, "score": {"type": "number"},
                       "max_score": {"type": "number"}, "correct": {"type": ["boolean", "null"]},
                       "answer": {}, "explanation_html": {"type": "string"}, "topic": {"type": "string"},
                       **GRADING_FIELDS},
    },
    "Results": {
        "type": "object", "required": ["score", "max_score", "sections", "items"],
        "properties": {"id": {"type": "integer"}, "mode": {"type": "string"}, "score": {"type": "number"},
                       "max_score": {"type": "number"}, "passed": {"type": ["boolean", "null"]},
                       "pass_mark": {"type": ["number", "null"]}, "needs_review": {"type": "integer"},
                       "sections": {"type": "array", "items": {"type": "object"}},
                       "topics": {"type": "array", "items": {"type": "object"}},
                       "items": {"type": "array", "items": _ref("ResultItem")}},
    },
    "Dispute": {"type": "object", "required": ["point"],
                "properties": {"point": {"type": "string", "description": 'rubric point: "2", or "b/0" in a case part'},
                               "note": {"type": ["string", "null"], "maxLength": 2000}}},
    "DisputeCreated": {"type": "object", "required": ["point", "created_at"],
                       "properties": {"point": {"type": "string"}, "note": {"type": ["string", "null"]},
                                      "created_at": {"type": "string", "format": "date-time"}}},
    "TrainerGrade": {"type": "object", "required": ["score"],
                     "properties": {"score": {"type": "number", "minimum": 0},
                                    "comment": {"type": ["string", "null"], "maxLength": 2000}}},
    "ReviewItem": {"type": "object", "required": ["item_id", "session_id", "question_id", "max_score"],
                   "properties": {"item_id": {"type": "integer"}, "session_id": {"type": "integer"},
                                  "question_id": {"type": "string"}, "max_score": {"type": "number"},
                                  "score": {"type": ["number", "null"]}, "response": {},
                                  "question": _ref("Question"), **GRADING_FIELDS}},
    "DueReviews": {"type": "object", "required": ["count", "items"], "properties": {
        "count": {"type": "integer"}, "items": {"type": "array", "items": {"type": "object", "properties": {
            "question_id": {"type": "string"}, "topic": {"type": "string"},
            "due": {"type": "string", "format": "date-time"}, "state": {"type": "integer"},
            "reviews": {"type": "integer"}, "lapses": {"type": "integer"}}}}}},
    "Mistake": {"type": "object", "required": ["question_id", "topic", "wrong_since"],
                "properties": {"question_id": {"type": "string"}, "topic": {"type": "string"},
                               "wrong_since": {"type": "string", "format": "date-time"}}},
    "StarItem": {"type": "object", "required": ["question_id"],
                 "properties": {"question_id": {"type": "string"}, "created_at": {"type": "string"}}},
    "StarState": {"type": "object", "required": ["question_id", "starred"],
                  "properties": {"question_id": {"type": "string"}, "starred": {"type": "boolean"}}},
    "Estimate": {"type": "object", "required": ["exam", "estimate", "total", "sections"], "properties": {
        "exam": {"type": "string"}, "title": {"type": "string"}, "estimate": {"type": "number"},
        "total": {"type": "number"}, "pass_mark": {"type": "number"}, "likely_pass": {"type": "boolean"},
        "assumed_for_unseen": {"type": "number"},
        "sections": {"type": "array", "items": {"type": "object"}}}},
    "Classroom": {"type": "object", "required": ["id", "name", "join_code"],
                  "properties": {"id": {"type": "integer"}, "name": {"type": "string"},
                                 "join_code": {"type": "string"}, "students": {"type": "integer"}}},
    "NewAssignment": {"type": "object", "required": ["title", "kind", "due_at"], "properties": {
        "title": {"type": "string"}, "kind": {"type": "string", "enum": ["exam", "practice"]},
        "due_at": {"type": "string", "format": "date-time", "description": "without an offset: the app's time zone"},
        "exam": {"type": "string"}, "topics": {"type": "array", "items": {"type": "string"}},
        "types": {"type": "array", "items": {"type": "string"}}, "count": {"type": "integer"}}},
    "AssignmentItem": {"type": "object", "required": ["id", "title", "kind", "due_at"], "properties": {
        "id": {"type": "integer"}, "class_id": {"type": "integer"}, "title": {"type": "string"},
        "kind": {"type": "string"}, "exam": {"type": ["string", "null"]}, "spec": {"type": "object"},
        "due_at": {"type": "string", "format": "date-time"}, "done": {"type": "boolean"},
        "best": {"type": ["number", "null"]}}},
    "Gradebook": {"type": "object", "required": ["class", "assignments", "rows"], "properties": {
        "class": _ref("Classroom"), "assignments": {"type": "array", "items": _ref("AssignmentItem")},
        "rows": {"type": "array", "items": {"type": "object", "properties": {
            "student": {"type": "string"}, "cells": {"type": "array", "items": {"type": "object"}}}}}}},
    "ItemAnalysis": {"type": "object", "required": ["exam", "attempts", "items"], "properties": {
        "exam": {"type": "string"}, "attempts": {"type": "integer"},
        "items": {"type": "array", "items": {"type": "object", "properties": {
            "question_id": {"type": "string"}, "attempts": {"type": "integer"}, "facility": {"type": "number"},
            "discrimination": {"type": ["number", "null"]}, "upper_lower": {"type": ["number", "null"]},
            "options": {"type": ["object", "null"]}, "flags": {"type": "array", "items": {"type": "string"}}}}}}},
    "ImportPreview": {"type": "object", "required": ["id", "topic", "items", "problems"], "properties": {
        "id": {"type": "integer"}, "topic": {"type": "string"}, "items": {"type": "array", "items": {"type": "object"}},
        "problems": {"type": "array", "items": {"type": "object", "properties": {
            "line": {"type": "integer"}, "item": {"type": "string"}, "message": {"type": "string"}}}}}},
    "TopicProgress": {
        "type": "object", "required": ["topic", "title", "question_count", "answers", "right", "mastery"],
        "properties": {"topic": {"type": "string"}, "title": {"type": "string"},
                       "chapter": {"type": ["string", "null"]}, "question_count": {"type": "integer"},
                       "answers": {"type": "integer"}, "seen": {"type": "integer"}, "right": {"type": "integer"},
                       "accuracy": {"type": ["number", "null"], "description": "share of marks earned"},
                       "mastery": {"type": ["number", "null"], "description": "the same, weighted by recency and difficulty"},
                       "last_practised": {"type": ["string", "null"]}},
    },
}


def openapi_document() -> dict:
    document = _document()
    # Text with a NUL character is refused before any view (ops.refuse_nul_characters): every operation that
    # takes text, in a string parameter or a body, may answer 400.
    for operations in document["paths"].values():
        for operation in operations.values():
            takes_text = "requestBody" in operation or any(
                parameter["schema"].get("type") == "string" for parameter in operation.get("parameters", []))
            if takes_text and "400" not in operation["responses"]:
                operation["responses"].update(_errors(400))
    return document


def _document() -> dict:
    array = lambda name: {"type": "array", "items": _ref(name)}
    return {
        "openapi": "3.1.0",
        "info": {"title": "Kaodian (考点) API", "version": "1.0.0",
                 "description": "Practice and mock exams for the customer-service curriculum. "
                                "In an exam, no answer or explanation is sent before submission."},
        "servers": [{"url": "/api/v1"}],
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": SCHEMAS,
        },
        "paths": {
            "/openapi.json": {"get": {"summary": "This document", "operationId": "openapi",
                                      "responses": {"200": {"description": "OpenAPI document"}}}},
            "/auth/register": {"post": {
                "summary": "Create a student account", "operationId": "register",
                "requestBody": _body(_ref("Credentials")),
                "responses": {"201": _json(_ref("User"), "Created"), **_errors(400, 409)}}},
            "/auth/login": {"post": {
                "summary": "Sign in and get a bearer token (rate-limited)", "operationId": "login",
                "requestBody": _body(_ref("Credentials")),
                "responses": {"200": _json(_ref("Token")), **_errors(400, 401, 429)}}},
            "/me/export": {"get": {"summary": "Everything held about the signed-in user, as JSON",
                                   "operationId": "exportMe", "security": AUTH,
                                   "responses": {"200": _json({"type": "object"}), **_errors(401)}}},
            "/me": {"get": {"summary": "The signed-in user", "operationId": "me", "security": AUTH,
                            "responses": {"200": _json(_ref("User")), **_errors(401)}},
                    "delete": {"summary": "Delete the account and all its data (password required)",
                               "operationId": "deleteMe", "security": AUTH,
                               "requestBody": _body({"type": "object", "required": ["password"],
                                                     "properties": {"password": {"type": "string"}}}),
                               "responses": {"204": {"description": "Deleted"}, **_errors(400, 401, 403)}}},
            "/topics": {"get": {"summary": "Topics of the bank", "operationId": "topics", "security": AUTH,
                                "responses": {"200": _json(array("Topic")), **_errors(401)}}},
            "/exams": {"get": {"summary": "Exam blueprints", "operationId": "exams", "security": AUTH,
                               "responses": {"200": _json(array("Exam")), **_errors(401)}}},
            "/sessions": {
                "post": {"summary": "Start a practice session or a mock exam", "operationId": "createSession",
                         "security": AUTH, "requestBody": _body(_ref("NewSession")),
                         "responses": {"201": _json(_ref("Session"), "Created"), **_errors(400, 401, 404, 409)}},
                "get": {"summary": "The user's sessions, newest first", "operationId": "listSessions",
                        "security": AUTH, "responses": {"200": _json(array("SessionSummary")), **_errors(401)}},
            },
            "/sessions/{session_id}": {"get": {
                "summary": "A session with its questions and saved responses (an expired exam is submitted)",
                "operationId": "getSession", "security": AUTH, "parameters": [SESSION_ID],
                "responses": {"200": _json(_ref("Session")), **_errors(401, 404)}}},
            "/sessions/{session_id}/answers/{question_id}": {"put": {
                "summary": "Save an answer (the same answer twice changes nothing)", "operationId": "saveAnswer",
                "security": AUTH, "parameters": [SESSION_ID, QUESTION_ID], "requestBody": _body(_ref("Answer")),
                "responses": {"200": _json(_ref("AnswerResult")), **_errors(400, 401, 404, 409)}}},
            "/sessions/{session_id}/submit": {"post": {
                "summary": "Submit and score", "operationId": "submitSession", "security": AUTH,
                "parameters": [SESSION_ID],
                "responses": {"200": _json(_ref("Results")), **_errors(401, 404, 409)}}},
            "/sessions/{session_id}/results": {"get": {
                "summary": "Results of a submitted session", "operationId": "sessionResults", "security": AUTH,
                "parameters": [SESSION_ID], "responses": {"200": _json(_ref("Results")), **_errors(401, 404, 409)}}},
            "/sessions/{session_id}/items/{question_id}/disputes": {"post": {
                "summary": 'Dispute a missed scoring point ("I did cover this"); a trainer decides',
                "operationId": "disputePoint", "security": AUTH, "parameters": [SESSION_ID, QUESTION_ID],
                "requestBody": _body(_ref("Dispute")),
                "responses": {"201": _json(_ref("DisputeCreated"), "Created"), **_errors(400, 401, 404, 409)}}},
            "/grading/queue": {"get": {
                "summary": "Trainers: answers to review (grader unsure or disputed)", "operationId": "gradingQueue",
                "security": AUTH, "responses": {"200": _json(array("ReviewItem")), **_errors(401, 403)}}},
            "/grading/items/{item_id}": {"put": {
                "summary": "Trainers: grade an answer; the score replaces the machine's", "operationId": "gradeItem",
                "security": AUTH, "parameters": [ITEM_ID], "requestBody": _body(_ref("TrainerGrade")),
                "responses": {"200": _json(_ref("ReviewItem")), **_errors(400, 401, 403, 404)}}},
            "/reviews/due": {"get": {
                "summary": "Reviews due today (FSRS), most overdue first", "operationId": "reviewsDue",
                "security": AUTH, "responses": {"200": _json(_ref("DueReviews")), **_errors(401)}}},
            "/mistakes": {"get": {
                "summary": "错题本: items answered wrong and not yet answered right in a later session",
                "operationId": "mistakes", "security": AUTH,
                "parameters": [{"name": "topic", "in": "query", "required": False, "schema": {"type": "string"}}],
                "responses": {"200": _json(array("Mistake")), **_errors(401)}}},
            "/stars": {"get": {"summary": "收藏: starred questions", "operationId": "stars", "security": AUTH,
                               "responses": {"200": _json(array("StarItem")), **_errors(401)}}},
            "/stars/{question_id}": {
                "put": {"summary": "Star a question", "operationId": "star", "security": AUTH,
                        "parameters": [QUESTION_ID], "responses": {"200": _json(_ref("StarState")), **_errors(401, 404)}},
                "delete": {"summary": "Unstar a question", "operationId": "unstar", "security": AUTH,
                           "parameters": [QUESTION_ID],
                           "responses": {"200": _json(_ref("StarState")), **_errors(401, 404)}}},
            "/mastery": {"get": {"summary": "Topic mastery, practised topics weakest first", "operationId": "mastery",
                                 "security": AUTH, "responses": {"200": _json(array("TopicProgress")), **_errors(401)}}},
            "/estimate/{exam_id}": {"get": {
                "summary": "估分: the expected score on a paper from topic mastery and the paper's weights",
                "operationId": "estimate", "security": AUTH,
                "parameters": [{"name": "exam_id", "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": {"200": _json(_ref("Estimate")), **_errors(401, 404)}}},
            "/classes": {
                "get": {"summary": "Trainers: their classes", "operationId": "classes", "security": AUTH,
                        "responses": {"200": _json(array("Classroom")), **_errors(401, 403)}},
                "post": {"summary": "Trainers: create a class (a join code is made)", "operationId": "createClass",
                         "security": AUTH, "requestBody": _body({"type": "object", "required": ["name"],
                                                                 "properties": {"name": {"type": "string"}}}),
                         "responses": {"201": _json(_ref("Classroom"), "Created"), **_errors(400, 401, 403)}}},
            "/classes/join": {"post": {
                "summary": "Join a class with its code", "operationId": "joinClass", "security": AUTH,
                "requestBody": _body({"type": "object", "required": ["code"], "properties": {"code": {"type": "string"}}}),
                "responses": {"200": _json({"type": "object"}), **_errors(400, 401, 404)}}},
            "/classes/{class_id}/assignments": {"post": {
                "summary": "Trainers: assign an exam paper or a practice set", "operationId": "assign",
                "security": AUTH, "parameters": [CLASS_ID], "requestBody": _body(_ref("NewAssignment")),
                "responses": {"201": _json(_ref("AssignmentItem"), "Created"), **_errors(400, 401, 403, 404)}}},
            "/classes/{class_id}/gradebook": {"get": {
                "summary": "Trainers: each student's attempts, scores and time", "operationId": "gradebook",
                "security": AUTH, "parameters": [CLASS_ID],
                "responses": {"200": _json(_ref("Gradebook")), **_errors(401, 403, 404)}}},
            "/exams/{exam_id}/analysis": {"get": {
                "summary": "Trainers: item analysis (facility, discrimination, upper/lower 27 %, options)",
                "operationId": "itemAnalysis", "security": AUTH,
                "parameters": [{"name": "exam_id", "in": "path", "required": True, "schema": {"type": "string"}},
                               {"name": "class_id", "in": "query", "required": False, "schema": {"type": "integer"}}],
                "responses": {"200": _json(_ref("ItemAnalysis")), **_errors(401, 403, 404)}}},
            "/assignments": {"get": {"summary": "The learner's assignments", "operationId": "assignments",
                                     "security": AUTH,
                                     "responses": {"200": _json(array("AssignmentItem")), **_errors(401)}}},
            "/assignments/{assignment_id}/start": {"post": {
                "summary": "Start an assignment", "operationId": "startAssignment", "security": AUTH,
                "parameters": [{"name": "assignment_id", "in": "path", "required": True, "schema": {"type": "integer"}}],
                "responses": {"201": _json(_ref("Session"), "Created"), **_errors(400, 401, 404, 409)}}},
            "/bank/imports": {"post": {
                "summary": "Trainers: upload YAML, .xlsx/.csv (考试宝 layout) or GIFT for a preview; nothing changes yet",
                "operationId": "importPreview", "security": AUTH,
                "requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
                    "type": "object", "required": ["file"], "properties": {
                        "file": {"type": "string", "format": "binary"}, "topic": {"type": "string"},
                        "title": {"type": "string"}}}}}},
                "responses": {"201": _json(_ref("ImportPreview"), "Created"), **_errors(400, 401, 403)}}},
            "/bank/imports/{batch_id}/confirm": {"post": {
                "summary": "Trainers: apply a previewed import, all or nothing", "operationId": "importConfirm",
                "security": AUTH,
                "parameters": [{"name": "batch_id", "in": "path", "required": True, "schema": {"type": "integer"}}],
                "responses": {"200": _json({"type": "object", "properties": {"imported": {"type": "integer"}}}),
                              **_errors(401, 403, 404, 409)}}},
            "/bank/topics/{topic_id}/export": {"get": {
                "summary": "Trainers: a topic as YAML, GIFT, Moodle XML or an Anki deck", "operationId": "exportTopic",
                "security": AUTH,
                "parameters": [{"name": "topic_id", "in": "path", "required": True, "schema": {"type": "string"}},
                               {"name": "format", "in": "query", "required": False,
                                "schema": {"type": "string", "enum": ["yaml", "gift", "xml", "apkg"]}}],
                "responses": {"200": {"description": "The file"}, **_errors(400, 401, 403, 404)}}},
            "/progress": {"get": {"summary": "Per-topic progress", "operationId": "progress", "security": AUTH,
                                  "responses": {"200": _json(array("TopicProgress")), **_errors(401)}}},
        },
    }
