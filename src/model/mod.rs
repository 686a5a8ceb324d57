//! The domain's leaf: cost groups and priced line items, which every other module may use and
//! which use nothing else of costplan's.

mod assumption;
mod budget_status;
mod group;
mod line_item;
mod payment;
mod plan_account;
mod reconciliation;

pub use assumption::AssumedInput;
pub use budget_status::{BudgetLimit, BudgetStatus};
pub use group::Group;
pub use line_item::LineItem;
pub use payment::Payment;
pub use plan_account::{PlanAccount, PlanResource, PlanStatus};
pub use reconciliation::{ExcludedLine, Reconciliation, ReconciliationRow};
