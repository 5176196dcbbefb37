"""session_items keeps free room in each page (PostgreSQL fillfactor 70): saving an exam answer then rewrites the
row in its own page without touching any index (a heap-only update)

Revision ID: 0004_session_items_fillfactor
Revises: 0003_session_items_index
Create Date: 2026-12-02 04:30:00

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = '0004_session_items_fillfactor'
down_revision = '0003_session_items_index'
branch_labels = None
depends_on = None


def upgrade():
    # Only pages written from now on keep the room; existing rows are not rewritten (that would lock the table).
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('ALTER TABLE session_items SET (fillfactor = 70)')


def downgrade():
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('ALTER TABLE session_items RESET (fillfactor)')
