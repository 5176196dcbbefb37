"""Drop session_items' index on session_id alone: the unique (session_id, question_id) index covers it

Revision ID: 0003_session_items_index
Revises: 0002_learning_grading_classes
Create Date: 2026-12-01 23:40:00

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = '0003_session_items_index'
down_revision = '0002_learning_grading_classes'
branch_labels = None
depends_on = None


def upgrade():
    op.drop_index('ix_session_items_session_id', table_name='session_items')


def downgrade():
    op.create_index('ix_session_items_session_id', 'session_items', ['session_id'], unique=False)
